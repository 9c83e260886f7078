import { sql } from 'kysely';
import { statusesBetween } from '../../../common/dossiers.ts';
import { uuidv7 } from '../../../common/ids.ts';
import type { Db } from '../pool.ts';
import type { Random } from './random.ts';

/** A believable exchange on a dossier under way; `c` speaks for the client, `e` for the expert. */
const exchanges: [speaker: 'c' | 'e', text: string][][] = [
  [
    [
      'e',
      'Bonjour, je prends en charge votre dossier. Pouvez-vous me transmettre vos factures de carburant des 3 dernières années ?',
    ],
    ['c', 'Bonjour, merci ! Je rassemble tout cela et je vous l’envoie d’ici **vendredi**.'],
    ['e', 'Parfait. Les cartes grises des véhicules de plus de 7,5 t me seront aussi nécessaires.'],
    ['c', 'C’est noté, je les joins au prochain envoi.'],
    ['e', 'Merci, j’ai tout reçu. Je lance l’audit et reviens vers vous avec une première estimation.'],
  ],
  [
    ['c', 'Bonjour, où en est notre dossier ? Notre expert-comptable nous pose la question.'],
    ['e', 'Bonjour, l’audit est presque terminé : il me manque la **DSN de décembre**.'],
    ['c', 'Je vous la dépose tout de suite dans l’espace documents.'],
    ['e', 'Bien reçue, merci. Je vous propose un point mardi à 10 h pour présenter les résultats ?'],
  ],
  [
    [
      'e',
      'Bonne nouvelle : l’administration a validé la demande, le remboursement est attendu sous 30 jours.',
    ],
    ['c', 'Excellent, merci pour votre réactivité !'],
    ['e', 'Avec plaisir. Je clôturerai le dossier dès réception du virement.'],
  ],
];

/** From the expert's acceptance to the closing: the dossiers whose client and expert have been talking. */
const withConversation = statusesBetween('expert_assigned', 'closed');

/**
 * Opens the conversation of the dossiers under way (their company's users and their expert) and plays one of the
 * exchanges above through `messaging_send`, the function the application sends with, so sequences, activity and
 * read pointers are exactly what real use leaves. The client has not read the expert's last message yet.
 */
export async function seedDemoConversations(db: Db, random: Random, now: Date): Promise<void> {
  const dossiers = await db
    .selectFrom('dossiers')
    .select(['id', 'companyId', 'expertId', 'statusChangedAt'])
    .where('expertId', 'is not', null)
    .where('status', 'in', withConversation)
    .orderBy('createdAt')
    .execute();
  for (const d of dossiers) {
    const expertId = d.expertId!;
    const clients = await db.selectFrom('users').select('id').where('companyId', '=', d.companyId).execute();
    const client = clients[0];
    if (!client) continue;
    const startedAt = Math.min(now.getTime() - 3_600_000, new Date(d.statusChangedAt).getTime());
    const conversationId = uuidv7(startedAt);
    await sql`INSERT INTO conversations (id, kind, dossier_id, created_at) VALUES (${conversationId}, 'dossier', ${d.id}, ${new Date(startedAt)})`.execute(
      db,
    );
    for (const [userId, role] of [
      ...clients.map((c) => [c.id, 'client'] as const),
      [expertId, 'expert'] as const,
    ]) {
      await sql`INSERT INTO conversation_participants (conversation_id, user_id, role, joined_at)
        VALUES (${conversationId}, ${userId}, ${role}, ${new Date(startedAt)})`.execute(db);
    }
    const exchange = random.pick(exchanges);
    const gap = Math.max(60_000, Math.floor((now.getTime() - startedAt) / (exchange.length + 1)));
    for (const [i, [speaker, text]] of exchange.entries()) {
      const at = new Date(startedAt + gap * (i + 1));
      await sql`SELECT 1 FROM messaging_send(${uuidv7(at.getTime())}, ${conversationId}, ${speaker === 'c' ? client.id : expertId},
        'text', ${text}, NULL, false, ${at})`.execute(db);
    }
    // Each side has read what the other wrote, except the client the expert's very last message.
    const lastSeq = exchange.length;
    const lastByExpert = exchange.at(-1)?.[0] === 'e';
    await sql`UPDATE conversation_participants SET last_read_seq = ${lastSeq}, last_read_at = ${now}
      WHERE conversation_id = ${conversationId} AND user_id = ${expertId}`.execute(db);
    await sql`UPDATE conversation_participants SET last_read_seq = ${lastByExpert ? lastSeq - 1 : lastSeq}, last_read_at = ${now}
      WHERE conversation_id = ${conversationId} AND role = 'client'`.execute(db);
  }
}
