import type { AppModule } from '../../module.ts';
import { privacyRoutes } from './privacy.routes.ts';

/** Each person's own data, exported on request (GDPR portability): a route only, no event nor job. */
export const privacyModule: AppModule = {
  name: 'privacy',
  async register(app, { services }) {
    await app.register(privacyRoutes, services);
  },
};
