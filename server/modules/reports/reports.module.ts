import type { AppModule } from '../../module.ts';
import { purgeExpiredExports, runExport } from './exports/exports.jobs.ts';
import { exportsRoutes } from './exports/exports.routes.ts';
import { reportsRoutes } from './reports.routes.ts';

export const reportsModule: AppModule = {
  name: 'reports',
  async register(app, { services }) {
    const { reports, exports, jobs } = services;
    await app.register(reportsRoutes, { reports });
    await app.register(exportsRoutes, { exports });
    jobs.register(runExport, { exports });
    jobs.register(purgeExpiredExports, { exports });
  },
};
