import { sql } from 'kysely';
import type { Executor } from '../../db/pool.ts';

/** What reconciling a dossier's conversation with its dossier reads. */
export const membershipRepo = {
  /**
   * The dossier's expert, company and conversation, FOR SHARE: a change of expert committing meanwhile waits for the
   * reader's transaction.
   */
  dossierForShare: (db: Executor, dossierId: string) =>
    db
      .selectFrom('dossiers as d')
      .leftJoin('conversations as c', 'c.dossierId', 'd.id')
      .select(['d.expertId', 'd.companyId', 'c.id as conversationId'])
      .where('d.id', '=', dossierId)
      .forShare('d')
      .executeTakeFirst(),

  /** Experts currently taking part in the conversation. */
  currentExperts: (db: Executor, conversationId: string) =>
    db
      .selectFrom('conversationParticipants')
      .select('userId')
      .where('conversationId', '=', conversationId)
      .where('role', '=', 'expert')
      .where('leftAt', 'is', null)
      .execute(),

  namesOf,
  driftedDossiers,
};

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
