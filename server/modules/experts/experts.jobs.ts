import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { defineJob, type JobContext } from '../../platform/jobs.ts';

/** Each pass looks back this far: twice the schedule's period, so a late or missed pass loses nothing. */
export const RESPONSE_TIME_LOOKBACK_MS = 10 * 60_000;
/** Between two experts' recomputations: the pass never competes with live traffic in a burst. */
const PAUSE_BETWEEN_EXPERTS_MS = 50;

/**
 * Every five minutes: the median response time of each expert who wrote since the previous pass, recomputed one
 * expert at a time. Nothing is written on the path of a message: a per-message job, even throttled, put a burst of
 * queue writes on the database whenever many experts wrote at once (the messaging benchmark's timeline showed it).
 */
export const refreshResponseTimes = defineJob({
  name: 'experts.refresh-response-times',
  payload: z.object({}),
  cron: { schedule: '*/5 * * * *', payload: {} },
  run: async (
    _payload,
    {
      clock,
      signal,
      experts,
    }: JobContext & {
      experts: {
        expertsWhoWroteSince(since: Date): Promise<string[]>;
        refreshResponseTime(expertId: string): Promise<void>;
      };
    },
  ) => {
    const since = new Date(clock.now().getTime() - RESPONSE_TIME_LOOKBACK_MS);
    for (const [i, expertId] of (await experts.expertsWhoWroteSince(since)).entries()) {
      if (signal.aborted) return;
      if (i > 0) await sleep(PAUSE_BETWEEN_EXPERTS_MS);
      await experts.refreshResponseTime(expertId);
    }
  },
});
