import { z } from 'zod';
import { defineJob, type JobContext } from '../../platform/jobs.ts';

/**
 * An expert's median response time, recomputed when the expert writes: at most once a minute per expert (a busy
 * expert's answers are counted at the end of the minute), one at a time and ten a second at most per instance, so a
 * busy minute's experts never reach the database all at once.
 */
export const refreshResponseTime = defineJob({
  name: 'experts.refresh-response-time',
  payload: z.object({ expertId: z.uuid() }),
  throttle: { seconds: 60, key: (p) => p.expertId },
  paceMs: 100,
  retry: { limit: 2, delaySeconds: 60, backoff: true },
  run: async (
    { expertId },
    { experts }: JobContext & { experts: { refreshResponseTime(expertId: string): Promise<void> } },
  ) => experts.refreshResponseTime(expertId),
});
