import type { AppModule } from '../../module.ts';
import { purgeAnonymousSimulations } from './products.jobs.ts';
import { productsRoutes } from './products.routes.ts';

export const productsModule: AppModule = {
  name: 'products',
  async register(app, { services, config, db }) {
    services.jobs.register(purgeAnonymousSimulations, { db });
    await app.register(productsRoutes, {
      ...services,
      simulationRateLimitPerMinute: config.simulationRateLimitPerMinute,
    });
  },
};
