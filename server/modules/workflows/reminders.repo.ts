import { type Insertable, sql } from 'kysely';
import { type Executor, preparedQuery } from '../../db/pool.ts';
import type { Database } from '../../db/schema.ts';
import type { ReminderKind } from '../../db/schema-workflows.ts';
import { isOpenStep } from './workflow.repo.ts';

const dueView = (db: Executor) =>
  db
    .selectFrom('reminders as r')
    .leftJoin('dossiers as d', 'd.id', 'r.dossierId')
    .select([
      'r.id',
      'r.kind',
      'r.subjectId',
      'r.dossierId',
      'r.audience',
      'r.recipientId',
      'r.data',
      'r.sentCount',
      'r.createdAt',
      'r.nextAt',
      'd.reference as dossierReference',
      'd.companyId',
      'd.expertId',
    ]);

// Read and written at each message of a dossier's conversation (the chase of an unanswered client): prepared.
const runningOfDossierQuery = preparedQuery((db, p: { kind: ReminderKind; dossierId: string }) =>
  db
    .selectFrom('reminders')
    .select('id')
    .where('kind', '=', p.kind)
    .where('dossierId', '=', p.dossierId)
    .where('stoppedAt', 'is', null)
    .limit(1),
);

type Stop = { kind: ReminderKind; reason: string; at: Date };
const stopRunning = (db: Executor, p: Stop) =>
  db
    .updateTable('reminders')
    .set({ stoppedAt: p.at, stopReason: p.reason })
    .where('kind', '=', p.kind)
    .where('stoppedAt', 'is', null);
const stopOfSubjectQuery = preparedQuery((db, p: Stop & { subjectId: string }) =>
  stopRunning(db, p).where('subjectId', '=', p.subjectId),
);
const stopOfDossierQuery = preparedQuery((db, p: Stop & { dossierId: string }) =>
  stopRunning(db, p).where('dossierId', '=', p.dossierId),
);

export type DueReminderRow = Awaited<ReturnType<ReturnType<typeof dueView>['execute']>>[number];

/** A reminder's cause, to stop it: one subject, or every reminder of a kind on a dossier. */
export type ReminderCause = { kind: ReminderKind } & ({ subjectId: string } | { dossierId: string });

export const remindersRepo = {
  /** One reminder per cause: false when that cause already has one. */
  insert: async (db: Executor, row: Insertable<Database['reminders']>) =>
    (
      await db
        .insertInto('reminders')
        .values(row)
        .onConflict((oc) => oc.columns(['kind', 'subjectId']).doNothing())
        .executeTakeFirst()
    ).numInsertedOrUpdatedRows === 1n,

  /** Whether a dossier already has a running reminder of that kind (one unanswered message is chased, not each). */
  hasRunning: async (db: Executor, kind: ReminderKind, dossierId: string) =>
    (await runningOfDossierQuery(db, { kind, dossierId })).length > 0,

  stop: (db: Executor, cause: ReminderCause, reason: string, at: Date) => {
    const stop = { kind: cause.kind, reason, at };
    return 'subjectId' in cause
      ? stopOfSubjectQuery(db, { ...stop, subjectId: cause.subjectId })
      : stopOfDossierQuery(db, { ...stop, dossierId: cause.dossierId });
  },

  /**
   * The check at send time, set-based: stops the due reminders whose cause is gone (the request no longer open, the
   * message answered by the expert side, the expert request answered, the expert reviewed, the step left, the
   * dossier closed), whatever event was missed.
   */
  stopGone: (db: Executor, now: Date) =>
    sql`
      UPDATE reminders r SET stopped_at = ${now}::timestamptz, stop_reason = 'cause_gone'
      WHERE r.stopped_at IS NULL AND r.next_at <= ${now}::timestamptz AND (
        EXISTS (SELECT 1 FROM dossiers d WHERE d.id = r.dossier_id
          AND d.status IN ('closed', 'not_eligible', 'refused', 'cancelled'))
        OR (r.kind = 'documents_awaited' AND NOT EXISTS (
          SELECT 1 FROM document_requests q WHERE q.id = r.subject_id AND q.status = 'open'))
        OR (r.kind = 'message_unanswered' AND EXISTS (
          SELECT 1 FROM messages q
          JOIN messages m ON m.conversation_id = q.conversation_id AND m.seq > q.seq AND m.deleted_at IS NULL
          JOIN users u ON u.id = m.sender_id AND u.role <> 'client'
          WHERE q.id = r.subject_id))
        OR (r.kind = 'expert_request_unanswered' AND NOT EXISTS (
          SELECT 1 FROM expert_requests q WHERE q.id = r.subject_id AND q.status = 'requested'))
        OR (r.kind = 'expert_review_pending' AND NOT EXISTS (
          SELECT 1 FROM users q WHERE q.id = r.subject_id AND q.status = 'pending'))
        OR (r.kind = 'step_reminder' AND NOT EXISTS (
          SELECT 1 FROM dossier_steps q WHERE q.id = r.subject_id AND ${isOpenStep('q.state')}))
      )`.execute(db),

  due: (db: Executor, now: Date, limit: number) =>
    dueView(db)
      .where('r.stoppedAt', 'is', null)
      .where('r.nextAt', '<=', now)
      .orderBy('r.nextAt')
      .limit(limit)
      .execute(),

  /** Records a send; only once per count (a retry of the same send changes nothing). */
  sent: (
    db: Executor,
    id: string,
    sentCount: number,
    next: { at: Date; nextAt: Date; intervalMs: number; stopReason: string | null },
  ) =>
    db
      .updateTable('reminders')
      .set({
        sentCount: sentCount + 1,
        lastSentAt: next.at,
        nextAt: next.nextAt,
        data: sql`data || ${JSON.stringify({ intervalMs: next.intervalMs })}::jsonb`,
        stoppedAt: next.stopReason ? next.at : null,
        stopReason: next.stopReason,
      })
      .where('id', '=', id)
      .where('sentCount', '=', sentCount)
      .execute(),
};
