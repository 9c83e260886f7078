import type { AppModule } from '../../module.ts';
import { monitoringRoutes } from './monitoring.routes.ts';

/**
 * Performance monitoring. First in the app's module list: a hook added to the root instance reaches only the
 * plugins registered after it, and this one must time every module's routes.
 */
export const monitoringModule: AppModule = {
  name: 'monitoring',
  async register(app, { services }) {
    const { monitoring } = services;
    app.addHook('onResponse', (request, reply, done) => {
      monitoring.timings.record(
        request.method,
        request.routeOptions.url ?? 'unmatched',
        reply.elapsedTime,
        reply.statusCode,
      );
      done();
    });
    app.addHook('onClose', () => monitoring.close());
    await app.register(monitoringRoutes, services);
  },
};
