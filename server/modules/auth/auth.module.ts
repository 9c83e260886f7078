import type { AppModule } from '../../module.ts';
import { sendPasswordReset } from './account-emails.jobs.ts';
import { accountEmailsRoutes } from './account-emails.routes.ts';
import { registerAuthRealtime } from './auth.realtime.ts';
import { authRoutes } from './auth.routes.ts';

export const authModule: AppModule = {
  name: 'auth',
  async register(app, { services, config }) {
    registerAuthRealtime(services.realtime, services.events);
    // Account e-mails: the address verified at sign-up and after a change (the former address told).
    const { accountEmails, events } = services;
    events.subscribe('user.registered', (e) => accountEmails.sendVerification(e.userId));
    events.subscribe('user.email_changed', (e) => accountEmails.emailChanged(e));
    services.jobs.register(sendPasswordReset, { accountEmails });
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
    await app.register(accountEmailsRoutes, {
      accountEmails,
      rateLimitPerMinute: config.authRateLimitPerMinute,
    });
  },
};
