import { sql } from 'kysely';
import { migrate } from '../../server/db/migrate.ts';
import type { Db } from '../../server/db/pool.ts';

export const QUICK = process.env.BENCH_QUICK === '1';
export const SCALE: {
  conversations: number;
  sockets: number;
  rate: number;
  durationS: number;
  messages: number;
} = QUICK
  ? { conversations: 50, sockets: 100, rate: 200, durationS: 5, messages: 20_000 }
  : { conversations: 500, sockets: 1_000, rate: 500, durationS: 60, messages: 1_000_000 };
// BENCH_RATE and BENCH_DURATION override the load (to find where latency bends, or for a quick look).
if (process.env.BENCH_RATE) SCALE.rate = Number(process.env.BENCH_RATE);
if (process.env.BENCH_DURATION) SCALE.durationS = Number(process.env.BENCH_DURATION);
export const PER_CONVERSATION = Math.floor(SCALE.messages / SCALE.conversations);

export const WORDS = (
  'dossier facture remboursement trésorerie gazole véhicule carte grise relevé attestation cotisation urssaf ' +
  'taxe foncière avis montant déclaration douane expert client rendez-vous signature charte honoraires audit ' +
  'pièce justificative validée refusée manquante envoyer recevoir merci bonjour cordialement semaine prochaine ' +
  'demain réunion téléphone courriel contrat énergie électricité consommation kbis bilan comptable exercice ' +
  'salarié bulletin paie DSN apprenti réduction générale accident travail taux notification délai relance ' +
  'administration décision accordé partiel virement banque RIB échéance trimestre litres poids lourds ' +
  'tracteur remorque flotte carburant station carte professionnelle analyse calcul estimation proposition ' +
  'accepter rejeter question réponse précision complément urgent important rappel ' +
  'local commercial valeur locative surface plan bail propriétaire travaux isolation chauffage éclairage'
).split(/\s+/);

export type Cast = { conversationId: string; clientId: string; expertId: string }[];

/** Users, conversations and the message history, generated set-based in SQL (reused when already there). */
export async function ensureData(url: string, db: Db): Promise<{ cast: Cast; adminId: string }> {
  await migrate(url);
  const existing = await sql<{ conversations: number; messages: number }>`
    SELECT (SELECT count(*)::int FROM conversations) AS conversations,
           (SELECT count(*)::int FROM messages WHERE seq <= ${PER_CONVERSATION}) AS messages`.execute(db);
  const { conversations, messages } = existing.rows[0]!;
  if (conversations === SCALE.conversations && messages === PER_CONVERSATION * SCALE.conversations) {
    // What earlier runs sent stays, as it would in production: deleting it bloated the tables every run measures.
    console.log(
      `Reusing ${conversations} conversations and ${messages} messages, plus what earlier runs sent.`,
    );
  } else {
    if (conversations > 0) throw new Error('The bench database holds another data set: drop it first.');
    await generate(db);
  }
  const cast = await sql<{ conversationId: string; clientId: string; expertId: string }>`
    SELECT c.id AS "conversationId",
           (SELECT user_id FROM conversation_participants WHERE conversation_id = c.id AND role = 'client') AS "clientId",
           (SELECT user_id FROM conversation_participants WHERE conversation_id = c.id AND role = 'expert') AS "expertId"
    FROM conversations c ORDER BY c.id`.execute(db);
  const admin = await sql<{ id: string }>`SELECT id FROM users WHERE role = 'admin' LIMIT 1`.execute(db);
  return { cast: cast.rows, adminId: admin.rows[0]!.id };
}

async function generate(db: Db) {
  const started = Date.now();
  console.log(
    `Generating ${SCALE.conversations} conversations with ${PER_CONVERSATION} messages each (${SCALE.messages})…`,
  );
  await db.transaction().execute(async (trx) => {
    await sql`CREATE TEMP TABLE bench_pairs ON COMMIT DROP AS
      SELECT i, gen_random_uuid() AS company_id, gen_random_uuid() AS client_id, gen_random_uuid() AS expert_id,
             gen_random_uuid() AS conversation_id
      FROM generate_series(1, ${SCALE.conversations}) i`.execute(trx);
    await sql`INSERT INTO companies (id, name, siren, sector, size, region)
      SELECT company_id, 'Entreprise banc ' || i, lpad((100000000 + i)::text, 9, '0'), 'transport_routier', '10-49',
             'ile-de-france' FROM bench_pairs`.execute(trx);
    await sql`INSERT INTO users (id, email, password_hash, role, status, first_name, last_name, company_id)
      SELECT client_id, 'bench.client' || i || '@bench.test', 'not-a-login', 'client', 'active', 'Client', 'N' || i,
             company_id FROM bench_pairs
      UNION ALL
      SELECT expert_id, 'bench.expert' || i || '@bench.test', 'not-a-login', 'expert', 'active', 'Expert', 'N' || i,
             NULL FROM bench_pairs
      UNION ALL
      SELECT gen_random_uuid(), 'bench.admin@bench.test', 'not-a-login', 'admin', 'active', 'Admin', 'Banc', NULL`.execute(
      trx,
    );
    await sql`INSERT INTO conversations (id, kind, direct_key, created_by, last_seq, last_message_at, created_at)
      SELECT conversation_id, 'direct', least(client_id::text, expert_id::text) || ':' || greatest(client_id::text, expert_id::text),
             client_id, ${PER_CONVERSATION}, now(), now() - interval '400 days' FROM bench_pairs`.execute(
      trx,
    );
    await sql`INSERT INTO conversation_participants (conversation_id, user_id, role, joined_at, last_read_seq)
      SELECT conversation_id, client_id, 'client', now() - interval '400 days', ${PER_CONVERSATION}::bigint FROM bench_pairs
      UNION ALL
      SELECT conversation_id, expert_id, 'expert', now() - interval '400 days', ${PER_CONVERSATION}::bigint FROM bench_pairs
      UNION ALL
      SELECT conversation_id, (SELECT id FROM users WHERE role = 'admin'), 'admin', now() - interval '400 days',
             ${PER_CONVERSATION}::bigint FROM bench_pairs`.execute(trx);
    await sql`CREATE TABLE bench_pairs_kept AS SELECT * FROM bench_pairs`.execute(trx);
  });
  // Build the search index once after the load rather than row by row.
  const indexes = await sql<{ indexname: string; indexdef: string }>`
    SELECT indexname, indexdef FROM pg_indexes
    WHERE indexname IN ('messages_search_idx', 'messages_recent_idx')`.execute(db);
  for (const index of indexes.rows) await sql.raw(`DROP INDEX ${index.indexname}`).execute(db);
  const chunk = Math.max(1, Math.floor(SCALE.conversations / 20));
  for (let from = 1; from <= SCALE.conversations; from += chunk) {
    await sql`INSERT INTO messages (id, conversation_id, seq, sender_id, kind, body, created_at)
      SELECT gen_random_uuid(), p.conversation_id, s.seq,
             CASE WHEN s.seq % 2 = 0 THEN p.client_id ELSE p.expert_id END, 'text',
             (SELECT string_agg((${WORDS}::text[])[1 + floor(random() * ${WORDS.length})::int], ' ')
                FROM generate_series(1, 5 + (s.seq * 7 + p.i) % 20) g),
             now() - interval '400 days' + s.seq * interval '10 minutes'
      FROM bench_pairs_kept p CROSS JOIN generate_series(1, ${PER_CONVERSATION}) s(seq)
      WHERE p.i >= ${from} AND p.i < ${from + chunk}`.execute(db);
    process.stdout.write(
      `\r  messages: ${Math.min(SCALE.conversations, from + chunk - 1) * PER_CONVERSATION}`,
    );
  }
  process.stdout.write('\n  building the search indexes…\n');
  for (const index of indexes.rows) await sql.raw(index.indexdef).execute(db);
  await sql`DROP TABLE bench_pairs_kept`.execute(db);
  await sql`VACUUM ANALYZE`.execute(db);
  console.log(`Generated in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}
