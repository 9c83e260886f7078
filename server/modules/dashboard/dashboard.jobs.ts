import { z } from 'zod';
import type { Executor } from '../../db/pool.ts';
import { defineJob, type JobContext } from '../../platform/jobs.ts';
import { dashboardRepo } from './dashboard.repo.ts';

/**
 * Every minute: the changes still pending applied to the dashboard's aggregates (029), so that they stay few while
 * no admin looks (readers and instances with an admin socket fold on their own). A failed fold is not retried: the
 * next minute's does the same work.
 */
export const foldDashboardChanges = defineJob({
  name: 'dashboard.fold',
  payload: z.object({}),
  cron: { schedule: '* * * * *', payload: {} },
  retry: { limit: 0, delaySeconds: 60 },
  run: async (_payload, { db }: JobContext & { db: Executor }) => {
    await dashboardRepo.fold(db);
  },
});
