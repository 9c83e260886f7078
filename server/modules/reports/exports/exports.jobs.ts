import { z } from 'zod';
import { defineJob, type JobContext } from '../../../platform/jobs.ts';

/** What the export jobs call (ExportsService). */
type ExportWorker = {
  run(exportId: string, options: { lastAttempt: boolean }): Promise<void>;
  purgeExpired(): Promise<number>;
};

const EXPORT_RETRY = { limit: 2, delaySeconds: 20, backoff: true };

/** Produces one export's file; a failure is retried, then recorded on the export for its owner. */
export const runExport = defineJob({
  name: 'reports.export',
  payload: z.object({ exportId: z.uuid() }),
  retry: EXPORT_RETRY,
  run: async ({ exportId }, { attempt, exports }: JobContext & { exports: ExportWorker }) =>
    exports.run(exportId, { lastAttempt: attempt >= EXPORT_RETRY.limit }),
});

/** Removes the files of exports past their expiry, every hour. */
export const purgeExpiredExports = defineJob({
  name: 'reports.purge-exports',
  payload: z.object({}),
  cron: { schedule: '17 * * * *', payload: {} },
  run: async (_, { exports }: JobContext & { exports: ExportWorker }) => {
    await exports.purgeExpired();
  },
});
