import { sql } from 'kysely';
import type { Executor } from '../../db/pool.ts';
import type { ExtractionOutcome } from './extraction.worker.ts';

/** Pages per insert statement (a page is at most a few kilobytes of flowing text). */
const PAGES_PER_INSERT = 500;
/** What is kept of a failure's message. */
const MAX_ERROR_CHARS = 1000;

export const extractionRepo = {
  /** The version, while its text is still to be extracted. */
  pending: (db: Executor, versionId: string) =>
    db
      .selectFrom('documentVersions')
      .select(['id', 'dossierId', 'storageKey', 'mimeType', 'sizeBytes'])
      .where('id', '=', versionId)
      .where('extractionStatus', '=', 'pending')
      .executeTakeFirst(),

  /**
   * Records what extraction found: the pages with text and the version's status. Once: false when the version is
   * gone (its document deleted meanwhile) or another run recorded it first (the row lock orders them).
   */
  save: async (
    trx: Executor,
    version: { id: string; dossierId: string },
    outcome: ExtractionOutcome,
    at: Date,
  ): Promise<boolean> => {
    const row = await trx
      .selectFrom('documentVersions')
      .select('extractionStatus')
      .where('id', '=', version.id)
      .forUpdate()
      .executeTakeFirst();
    if (row?.extractionStatus !== 'pending') return false;
    const pages =
      outcome.status === 'done'
        ? outcome.pages
            .map((text, i) => ({ versionId: version.id, dossierId: version.dossierId, page: i + 1, text }))
            .filter((p) => p.text.length > 0)
        : [];
    for (let from = 0; from < pages.length; from += PAGES_PER_INSERT) {
      await trx
        .insertInto('documentPages')
        .values(pages.slice(from, from + PAGES_PER_INSERT))
        .execute();
    }
    await trx
      .updateTable('documentVersions')
      .set({
        extractionStatus: outcome.status,
        extractionError:
          outcome.status === 'done'
            ? null
            : (outcome.status === 'failed' ? outcome.error : outcome.reason).slice(0, MAX_ERROR_CHARS),
        extractedAt: at,
        pageCount: outcome.status === 'done' ? outcome.pageCount : null,
      })
      .where('id', '=', version.id)
      .execute();
    return true;
  },

  /**
   * Versions still pending since before `olderThan` (their job lost to a crash, or still queued behind a long
   * backlog), marked as queued now so that the next sweeps leave them alone for a while; oldest first.
   */
  claimStale: async (db: Executor, olderThan: Date, at: Date, limit: number): Promise<string[]> => {
    const rows = await db
      .updateTable('documentVersions')
      .set({ extractionQueuedAt: at })
      .where(
        'id',
        'in',
        db
          .selectFrom('documentVersions')
          .select('id')
          .where('extractionStatus', '=', 'pending')
          .where('createdAt', '<', olderThan)
          .where(sql<boolean>`coalesce(extraction_queued_at, created_at) < ${olderThan}`)
          .orderBy('createdAt')
          .limit(limit)
          .forUpdate()
          .skipLocked(),
      )
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  },
};
