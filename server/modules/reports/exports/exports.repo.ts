import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../../db/pool.ts';
import type { Database } from '../../../db/schema.ts';

export type ExportRow = Selectable<Database['reportExports']>;

/** The export rows: one per file produced, its status and progress. */
export const exportsRepo = {
  insert: (db: Executor, row: Insertable<Database['reportExports']>) =>
    db.insertInto('reportExports').values(row).execute(),

  find: (db: Executor, id: string) =>
    db.selectFrom('reportExports').selectAll().where('id', '=', id).executeTakeFirst(),

  listOfOwner: (db: Executor, ownerId: string, limit: number) =>
    db
      .selectFrom('reportExports')
      .selectAll()
      .where('ownerId', '=', ownerId)
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute(),

  /** Takes a queued export for its job; undefined when it was cancelled (or taken) meanwhile. */
  start: (db: Executor, id: string, at: Date) =>
    db
      .updateTable('reportExports')
      .set({ status: 'running', startedAt: at })
      .where('id', '=', id)
      .where('status', 'in', ['queued', 'running'])
      .returningAll()
      .executeTakeFirst(),

  /** Progress of a running export; false once it is no longer running (cancelled). */
  progress: async (db: Executor, id: string, rowsDone: number, rowsTotal: number | null) =>
    (
      await db
        .updateTable('reportExports')
        .set({ rowsDone, rowsTotal })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .executeTakeFirst()
    ).numUpdatedRows > 0n,

  /** Records the finished file, unless the export was cancelled meanwhile (false: the caller removes the blob). */
  finish: async (
    db: Executor,
    id: string,
    file: {
      blobKey: string;
      sizeBytes: number;
      fileName: string;
      rowsDone: number;
      at: Date;
      expiresAt: Date;
    },
  ) =>
    (
      await db
        .updateTable('reportExports')
        .set({
          status: 'ready',
          blobKey: file.blobKey,
          sizeBytes: file.sizeBytes,
          fileName: file.fileName,
          rowsDone: file.rowsDone,
          finishedAt: file.at,
          expiresAt: file.expiresAt,
        })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .executeTakeFirst()
    ).numUpdatedRows > 0n,

  fail: (db: Executor, id: string, error: string, at: Date) =>
    db
      .updateTable('reportExports')
      .set({ status: 'failed', error, finishedAt: at })
      .where('id', '=', id)
      .where('status', 'in', ['queued', 'running'])
      .execute(),

  /** Cancels an export (a ready one loses its file); the blob key to remove, if any. */
  cancel: (db: Executor, id: string, at: Date) =>
    db
      .updateTable('reportExports as e')
      .from('reportExports as old')
      .set({ status: 'cancelled', blobKey: null, finishedAt: at, expiresAt: null })
      .whereRef('old.id', '=', 'e.id')
      .where('e.id', '=', id)
      .where('e.status', 'in', ['queued', 'running', 'ready'])
      .returning(['old.blobKey as removedBlobKey'])
      .executeTakeFirst(),

  /** Ready exports past their expiry: their files are removed, the rows kept (status 'cancelled' hides the link). */
  expired: (db: Executor, now: Date, limit: number) =>
    db
      .selectFrom('reportExports')
      .select(['id', 'blobKey'])
      .where('blobKey', 'is not', null)
      .where('expiresAt', '<=', now)
      .limit(limit)
      .execute(),

  /** The account of an export or a schedule, while it is active. */
  activeOwner: (db: Executor, userId: string) =>
    db
      .selectFrom('users')
      .select(['id', 'role', 'companyId', 'email'])
      .where('id', '=', userId)
      .where('status', '=', 'active')
      .executeTakeFirst(),

  clearFile: (db: Executor, id: string) =>
    db.updateTable('reportExports').set({ blobKey: null }).where('id', '=', id).execute(),
};
