import { z } from 'zod';
import { defineJob, type JobContext } from '../../platform/jobs.ts';
import type { DocumentRequestsService } from './document-requests.service.ts';

/** Every five minutes: open requests past their due date are flagged and published as overdue, each once. */
export const flagOverdueRequests = defineJob({
  name: 'documents.requests-overdue',
  payload: z.object({}),
  cron: { schedule: '*/5 * * * *', payload: {} },
  run: async (
    _payload,
    { clock, requests }: JobContext & { requests: Pick<DocumentRequestsService, 'flagOverdue'> },
  ) => {
    await requests.flagOverdue(clock.now());
  },
});
