import type { AppModule } from '../../module.ts';
import { reportsRoutes } from './reports.routes.ts';

export const reportsModule: AppModule = {
  name: 'reports',
  async register(app, { services }) {
    await app.register(reportsRoutes, { reports: services.reports });
  },
};
