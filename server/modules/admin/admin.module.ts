import type { AppModule } from '../../module.ts';
import { adminRoutes } from './admin.routes.ts';

export const adminModule: AppModule = {
  name: 'admin',
  async register(app, { services }) {
    await app.register(adminRoutes, services);
  },
};
