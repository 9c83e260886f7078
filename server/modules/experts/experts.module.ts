import type { AppModule } from '../../module.ts';
import { refreshResponseTimes } from './experts.jobs.ts';
import { registerExpertsRealtime } from './experts.realtime.ts';
import { expertsRoutes } from './experts.routes.ts';

export const expertsModule: AppModule = {
  name: 'experts',
  async register(app, { services, config }) {
    registerExpertsRealtime(services.realtime, services.events);
    services.jobs.register(refreshResponseTimes, { experts: services.experts });
    app.addHook('onClose', () => services.cache.close());
    await app.register(expertsRoutes, {
      ...services,
      searchRateLimitPerMinute: config.searchRateLimitPerMinute,
    });
  },
};
