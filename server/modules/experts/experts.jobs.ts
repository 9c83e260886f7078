import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { defineJob, type JobContext } from '../../platform/jobs.ts';
import type { MessagePosition } from './profiles.repo.ts';

/** Each pass looks back this far: twice the schedule's period, so a late or missed pass loses nothing. */
export const RESPONSE_TIME_LOOKBACK_MS = 10 * 60_000;
/** Between two experts' recomputations: the pass never competes with live traffic in a burst. */
const PAUSE_BETWEEN_EXPERTS_MS = 50;
/** Between two slices of the window's messages, likewise. */
const PAUSE_BETWEEN_SLICES_MS = 20;

type ResponseTimes = {
  expertAuthorsSince(
    since: Date,
    after: MessagePosition | null,
  ): Promise<{ expertIds: string[]; next: MessagePosition | null }>;
  refreshResponseTime(expertId: string): Promise<void>;
};

/** The experts who wrote since `since`, read slice by slice with a pause between slices (those found when aborted). */
export async function expertsWhoWroteSince(
  experts: Pick<ResponseTimes, 'expertAuthorsSince'>,
  since: Date,
  signal: AbortSignal,
): Promise<string[]> {
  const found = new Set<string>();
  let after: MessagePosition | null = null;
  do {
    if (signal.aborted) break;
    if (after) await sleep(PAUSE_BETWEEN_SLICES_MS);
    const slice = await experts.expertAuthorsSince(since, after);
    for (const id of slice.expertIds) found.add(id);
    after = slice.next;
  } while (after);
  return [...found];
}

/**
 * Every five minutes: the median response time of each expert who wrote since the previous pass, recomputed one
 * expert at a time. Nothing is written on the path of a message: a per-message job, even throttled, put a burst of
 * queue writes on the database whenever many experts wrote at once (the messaging benchmark's timeline showed it).
 */
export const refreshResponseTimes = defineJob({
  name: 'experts.refresh-response-times',
  payload: z.object({}),
  cron: { schedule: '*/5 * * * *', payload: {} },
  run: async (_payload, { clock, signal, experts }: JobContext & { experts: ResponseTimes }) => {
    const since = new Date(clock.now().getTime() - RESPONSE_TIME_LOOKBACK_MS);
    for (const [i, expertId] of (await expertsWhoWroteSince(experts, since, signal)).entries()) {
      if (signal.aborted) return;
      if (i > 0) await sleep(PAUSE_BETWEEN_EXPERTS_MS);
      await experts.refreshResponseTime(expertId);
    }
  },
});
