import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { monitoringQuery, monitoringReport } from '../../../common/monitoring.ts';
import { errorResponses } from '../../platform/route-schemas.ts';
import type { MonitoringService } from './monitoring.service.ts';

export const monitoringRoutes: FastifyPluginAsyncZod<{ monitoring: MonitoringService }> = async (
  app,
  { monitoring },
) => {
  app.get(
    '/api/admin/monitoring',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['admin'],
        querystring: monitoringQuery,
        response: { 200: monitoringReport, ...errorResponses },
      },
    },
    async (request) => monitoring.report(request.query.window),
  );
};
