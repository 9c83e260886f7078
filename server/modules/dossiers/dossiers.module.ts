import type { AppModule } from '../../module.ts';
import { registerDossiersRealtime } from './dossiers.realtime.ts';
import { dossiersRoutes } from './dossiers.routes.ts';

export const dossiersModule: AppModule = {
  name: 'dossiers',
  async register(app, { services }) {
    registerDossiersRealtime(services.realtime, services.events);
    await app.register(dossiersRoutes, services);
  },
};
