import type { AppModule } from '../../module.ts';
import { healthRoutes } from './health.routes.ts';

export const healthModule: AppModule = {
  name: 'health',
  async register(app, { pool }) {
    await app.register(healthRoutes, { pool });
  },
};
