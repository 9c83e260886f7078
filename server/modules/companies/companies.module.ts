import type { AppModule } from '../../module.ts';
import { companiesRoutes } from './companies.routes.ts';

export const companiesModule: AppModule = {
  name: 'companies',
  async register(app, { services }) {
    await app.register(companiesRoutes, services);
  },
};
