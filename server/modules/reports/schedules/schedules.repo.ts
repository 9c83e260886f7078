import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../../db/pool.ts';
import type { Database } from '../../../db/schema.ts';

export type ScheduleRow = Selectable<Database['reportSchedules']>;
export type RunRow = Selectable<Database['reportRuns']>;

export const schedulesRepo = {
  insert: (db: Executor, row: Insertable<Database['reportSchedules']>) =>
    db.insertInto('reportSchedules').values(row).execute(),

  find: (db: Executor, id: string) =>
    db.selectFrom('reportSchedules').selectAll().where('id', '=', id).executeTakeFirst(),

  listOfOwner: (db: Executor, ownerId: string) =>
    db
      .selectFrom('reportSchedules')
      .selectAll()
      .where('ownerId', '=', ownerId)
      .orderBy('createdAt', 'desc')
      .limit(100)
      .execute(),

  setActive: (db: Executor, id: string, active: boolean, nextRunAt: Date, at: Date) =>
    db
      .updateTable('reportSchedules')
      .set({ active, nextRunAt, updatedAt: at })
      .where('id', '=', id)
      .execute(),

  /** The e-mail of a schedule's owner, whatever their account's status (a failed run is reported to them). */
  ownerEmail: async (db: Executor, ownerId: string) =>
    (await db.selectFrom('users').select('email').where('id', '=', ownerId).executeTakeFirst())?.email,

  delete: (db: Executor, id: string) => db.deleteFrom('reportSchedules').where('id', '=', id).execute(),

  /** Active schedules due by `now`, locked so that one sweep takes each (others skip them). */
  lockDue: (db: Executor, now: Date, limit: number) =>
    db
      .selectFrom('reportSchedules')
      .selectAll()
      .where('active', '=', true)
      .where('nextRunAt', '<=', now)
      .orderBy('nextRunAt')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute(),

  advance: (db: Executor, id: string, nextRunAt: Date) =>
    db.updateTable('reportSchedules').set({ nextRunAt }).where('id', '=', id).execute(),

  /** The run of an occurrence; undefined when that occurrence has its run already. */
  insertRun: async (db: Executor, row: Insertable<Database['reportRuns']>) =>
    (
      await db
        .insertInto('reportRuns')
        .values(row)
        .onConflict((oc) => oc.columns(['scheduleId', 'dueAt']).doNothing())
        .returning('id')
        .executeTakeFirst()
    )?.id,

  findRun: (db: Executor, id: string) =>
    db.selectFrom('reportRuns').selectAll().where('id', '=', id).executeTakeFirst(),

  runs: (db: Executor, scheduleId: string, limit: number) =>
    db
      .selectFrom('reportRuns')
      .selectAll()
      .where('scheduleId', '=', scheduleId)
      .orderBy('dueAt', 'desc')
      .limit(limit)
      .execute(),

  lastRuns: (db: Executor, scheduleIds: string[]) =>
    scheduleIds.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom('reportRuns')
          .selectAll()
          .distinctOn('scheduleId')
          .where('scheduleId', 'in', scheduleIds)
          .orderBy('scheduleId')
          .orderBy('dueAt', 'desc')
          .execute(),

  startRun: (db: Executor, id: string, at: Date) =>
    db
      .updateTable('reportRuns')
      .set((eb) => ({ status: 'running', startedAt: at, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .where('status', 'in', ['queued', 'running'])
      .returningAll()
      .executeTakeFirst(),

  finishRun: (
    db: Executor,
    id: string,
    result: { status: 'sent' | 'failed' | 'queued'; at: Date; durationMs: number } & Partial<
      Pick<RunRow, 'sizeBytes' | 'delivery' | 'exportId' | 'error'>
    >,
  ) =>
    db
      .updateTable('reportRuns')
      .set({
        status: result.status,
        finishedAt: result.at,
        durationMs: result.durationMs,
        sizeBytes: result.sizeBytes ?? null,
        delivery: result.delivery ?? null,
        exportId: result.exportId ?? null,
        error: result.error ?? null,
      })
      .where('id', '=', id)
      .execute(),
};
