import type { AppModule } from '../../module.ts';
import { attentionRoutes } from './attention.routes.ts';
import { auditLogRoutes } from './audit-log.routes.ts';

/** The admins' audit log and their "à traiter" centre: read models over the platform, routes only. */
export const auditLogModule: AppModule = {
  name: 'audit-log',
  async register(app, { services }) {
    await app.register(auditLogRoutes, services);
    await app.register(attentionRoutes, services);
  },
};
