import type { AppModule } from '../../module.ts';
import { registerAuthRealtime } from './auth.realtime.ts';
import { authRoutes } from './auth.routes.ts';

export const authModule: AppModule = {
  name: 'auth',
  async register(app, { services, config }) {
    registerAuthRealtime(services.realtime, services.events);
    app.addHook('onClose', () => services.loginThrottle.close());
    app.addHook('onClose', () => services.accounts.close());
    await app.register(authRoutes, {
      auth: services.auth,
      users: services.users,
      secureCookies: config.env === 'production',
      rateLimitPerMinute: config.authRateLimitPerMinute,
      registerLimits: {
        perAddressPerHour: config.registerRateLimitPerAddressPerHour,
        perEmailPerHour: config.registerRateLimitPerEmailPerHour,
      },
    });
  },
};
