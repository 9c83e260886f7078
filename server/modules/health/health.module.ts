import type { AppModule } from '../../module.ts';
import { healthRoutes } from './health.routes.ts';

export const healthModule: AppModule = {
  name: 'health',
  async register(app, { pool, services }) {
    await app.register(healthRoutes, { pool, readiness: services.readiness });
  },
};
