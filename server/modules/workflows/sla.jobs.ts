import { z } from 'zod';
import { defineJob, type JobContext, type JobRunner } from '../../platform/jobs.ts';
import type { AlertsService } from './alerts.service.ts';
import type { SlaSweepService } from './sla-sweep.service.ts';

/**
 * Every minute: SLA alerts raised, alerts of closed steps resolved, snoozed alerts woken. A failed sweep is not
 * retried: the next minute's sweep does the same work.
 */
export const slaSweep = defineJob({
  name: 'workflows.sla-sweep',
  payload: z.object({}),
  cron: { schedule: '* * * * *', payload: {} },
  retry: { limit: 0, delaySeconds: 60 },
  run: async (_payload, { clock, sweep }: JobContext & { sweep: Pick<SlaSweepService, 'sweep'> }) => {
    await sweep.sweep(clock.now());
  },
});

/** The sweep's cron job, and the alerts that follow their causes' events (overdue documents, completed steps). */
export function registerSlaJobs(
  jobs: Pick<JobRunner, 'register'>,
  deps: { sweep: SlaSweepService; alerts: AlertsService },
): void {
  jobs.register(slaSweep, { sweep: deps.sweep });
  deps.alerts.followCauses();
}
