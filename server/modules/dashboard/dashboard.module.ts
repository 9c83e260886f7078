import type { AppModule } from '../../module.ts';
import { foldDashboardChanges } from './dashboard.jobs.ts';
import { registerDashboardLive } from './dashboard.live.ts';
import { dashboardRoutes } from './dashboard.routes.ts';

export const dashboardModule: AppModule = {
  name: 'dashboard',
  async register(app, context) {
    context.services.jobs.register(foldDashboardChanges, { db: context.db });
    await app.register(dashboardRoutes, context.services);
    await registerDashboardLive(app, context);
  },
};
