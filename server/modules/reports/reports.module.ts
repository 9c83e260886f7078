import type { AppModule } from '../../module.ts';
import { purgeExpiredExports, runExport } from './exports/exports.jobs.ts';
import { exportsRoutes } from './exports/exports.routes.ts';
import { reportsRoutes } from './reports.routes.ts';
import { runSchedule, sweepDueSchedules } from './schedules/schedules.jobs.ts';
import { schedulesRoutes } from './schedules/schedules.routes.ts';

export const reportsModule: AppModule = {
  name: 'reports',
  async register(app, { services }) {
    const { reports, exports, schedules, jobs } = services;
    await app.register(reportsRoutes, { reports });
    await app.register(exportsRoutes, { exports });
    await app.register(schedulesRoutes, { schedules });
    jobs.register(runExport, { exports });
    jobs.register(purgeExpiredExports, { exports });
    jobs.register(sweepDueSchedules, { schedules });
    jobs.register(runSchedule, { schedules });
  },
};
