import type { AppModule } from '../../module.ts';
import { registerDashboardLive } from './dashboard.live.ts';
import { dashboardRoutes } from './dashboard.routes.ts';

export const dashboardModule: AppModule = {
  name: 'dashboard',
  async register(app, context) {
    await app.register(dashboardRoutes, context.services);
    await registerDashboardLive(app, context);
  },
};
