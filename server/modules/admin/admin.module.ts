import type { AppModule } from '../../module.ts';
import { adminRoutes } from './admin.routes.ts';
import { assignmentsRoutes } from './assignments.routes.ts';
import { adminUsersRoutes } from './users-admin.routes.ts';

export const adminModule: AppModule = {
  name: 'admin',
  async register(app, { services }) {
    await app.register(adminRoutes, services);
    await app.register(adminUsersRoutes, services);
    await app.register(assignmentsRoutes, services);
  },
};
