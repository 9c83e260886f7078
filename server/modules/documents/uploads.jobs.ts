import { z } from 'zod';
import { defineJob, type JobContext } from '../../platform/jobs.ts';
import type { ResumableUploads } from './resumable-uploads.ts';

/** Hourly: the staged parts of resumable uploads left unfinished past their resume window are removed. */
export const expireUploads = defineJob({
  name: 'documents.uploads-expire',
  payload: z.object({}),
  cron: { schedule: '41 * * * *', payload: {} },
  run: async (_payload, { uploads }: JobContext & { uploads: Pick<ResumableUploads, 'deleteExpired'> }) => {
    await uploads.deleteExpired();
  },
});
