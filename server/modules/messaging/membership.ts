import { sql } from 'kysely';
import type { Db, Executor } from '../../db/pool.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RealtimeHub } from '../../platform/realtime.ts';
import { rooms } from '../../platform/sockets.ts';
import { messagingRepo as repo } from './messaging.repo.ts';

/**
 * The expert side of a dossier's conversation follows the dossier: its current expert takes part, no other expert
 * does (clients join on their own, admins by choice). `reconcile` recomputes that from the dossier, so running it
 * twice, late or out of order does no harm: it runs after every expert change (event) and from a periodic job
 * (messaging.jobs.ts), which repairs what a crash or a failure between the dossier's commit and the event lost.
 */
export class DossierMembership {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly realtime: RealtimeHub;
  private readonly ensureConversation: (
    dossierId: string,
    companyId: string,
    expertId: string,
  ) => Promise<string>;
  private readonly announce: (conversationId: string, body: string) => Promise<unknown>;

  constructor(deps: {
    db: Db;
    clock: Clock;
    realtime: RealtimeHub;
    /** Creates the dossier's conversation with its current people (the messaging service's). */
    ensureConversation: (dossierId: string, companyId: string, expertId: string) => Promise<string>;
    /** Posts a system message in the conversation. */
    announce: (conversationId: string, body: string) => Promise<unknown>;
  }) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.realtime = deps.realtime;
    this.ensureConversation = deps.ensureConversation;
    this.announce = deps.announce;
  }

  /** Brings the conversation of one dossier in line with the dossier; answers who joined and who left. */
  async reconcile(dossierId: string): Promise<{ joined: string[]; left: string[] }> {
    const at = this.clock.now();
    const outcome = await this.db.transaction().execute(async (trx) => {
      // FOR SHARE: a change of expert committing meanwhile waits for this transaction, so what is written here
      // follows the latest expert even when two reconciliations of the same dossier run at once.
      const dossier = await trx
        .selectFrom('dossiers as d')
        .leftJoin('conversations as c', 'c.dossierId', 'd.id')
        .select(['d.expertId', 'd.companyId', 'c.id as conversationId'])
        .where('d.id', '=', dossierId)
        .forShare('d')
        .executeTakeFirst();
      if (!dossier?.conversationId) return dossier ? { ...dossier, joined: [], left: [] } : null;
      const experts = await trx
        .selectFrom('conversationParticipants')
        .select('userId')
        .where('conversationId', '=', dossier.conversationId)
        .where('role', '=', 'expert')
        .where('leftAt', 'is', null)
        .execute();
      const left: string[] = [];
      for (const { userId } of experts) {
        if (userId !== dossier.expertId && (await repo.leave(trx, dossier.conversationId, userId, at))) {
          left.push(userId);
        }
      }
      const joined = dossier.expertId
        ? await repo.addParticipants(
            trx,
            dossier.conversationId,
            [{ userId: dossier.expertId, role: 'expert' }],
            at,
          )
        : [];
      return { ...dossier, joined, left };
    });
    if (!outcome) return { joined: [], left: [] };
    const { conversationId, expertId, companyId, joined, left } = outcome;
    if (!conversationId) {
      // No conversation yet: created with the current expert in it, as on first use.
      if (expertId) await this.ensureConversation(dossierId, companyId, expertId);
      return { joined: [], left: [] };
    }
    await this.tell(conversationId, joined, left);
    return { joined, left };
  }

  /** Reconciles the dossiers whose conversation disagrees with them, at most `limit`; answers how many. */
  async reconcileDrifted(limit = 500): Promise<number> {
    const drifted = await driftedDossiers(this.db, limit);
    for (const dossierId of drifted) await this.reconcile(dossierId);
    return drifted.length;
  }

  private async tell(conversationId: string, joined: string[], left: string[]) {
    const room = rooms.conversation(conversationId);
    const names = await namesOf(this.db, [...left, ...joined]);
    this.realtime.leaveUsers(left, room);
    for (const userId of left)
      await this.announce(conversationId, `${names.get(userId)} a quitté la conversation`);
    this.realtime.joinUsers(joined, room);
    for (const userId of joined) {
      this.realtime.io.to(rooms.user(userId)).emit('conversation:new', { id: conversationId });
      await this.announce(conversationId, `${names.get(userId)} a rejoint la conversation`);
    }
  }
}

async function namesOf(db: Executor, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'firstName', 'lastName'])
    .where('id', 'in', userIds)
    .execute();
  return new Map(rows.map((r) => [r.id, `${r.firstName} ${r.lastName}`]));
}

/** Dossier conversations missing their dossier's expert, or still holding another expert. */
async function driftedDossiers(db: Executor, limit: number): Promise<string[]> {
  const { rows } = await sql<{ dossierId: string }>`
    SELECT c.dossier_id AS "dossierId"
    FROM conversations c
    JOIN dossiers d ON d.id = c.dossier_id
    WHERE (d.expert_id IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM conversation_participants p
            WHERE p.conversation_id = c.id AND p.user_id = d.expert_id AND p.left_at IS NULL))
       OR EXISTS (
            SELECT 1 FROM conversation_participants p
            WHERE p.conversation_id = c.id AND p.role = 'expert' AND p.left_at IS NULL
              AND p.user_id IS DISTINCT FROM d.expert_id)
    LIMIT ${limit}`.execute(db);
  return rows.map((r) => r.dossierId);
}
