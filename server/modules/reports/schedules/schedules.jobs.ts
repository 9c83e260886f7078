import { z } from 'zod';
import { defineJob, type JobContext } from '../../../platform/jobs.ts';

/** What the schedule jobs call (SchedulesService). */
type ScheduleWorker = {
  sweepDue(): Promise<number>;
  run(runId: string, options: { lastAttempt: boolean }): Promise<void>;
};

const RUN_RETRY = { limit: 3, delaySeconds: 60, backoff: true };

/** Every minute: the due occurrences become runs. */
export const sweepDueSchedules = defineJob({
  name: 'reports.schedules-due',
  payload: z.object({}),
  cron: { schedule: '* * * * *', payload: {} },
  run: async (_, { schedules }: JobContext & { schedules: ScheduleWorker }) => {
    await schedules.sweepDue();
  },
});

/** One run: the report produced and e-mailed; retried with back-off, the last failure reported to the owner. */
export const runSchedule = defineJob({
  name: 'reports.run-schedule',
  payload: z.object({ runId: z.uuid() }),
  retry: RUN_RETRY,
  run: async ({ runId }, { attempt, schedules }: JobContext & { schedules: ScheduleWorker }) =>
    schedules.run(runId, { lastAttempt: attempt >= RUN_RETRY.limit }),
});
