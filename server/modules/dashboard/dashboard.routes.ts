import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { adminMetrics, metricsQuery } from '../../../common/admin-metrics.ts';
import { errorResponses } from '../../platform/route-schemas.ts';
import type { DashboardService } from './dashboard.service.ts';

export const dashboardRoutes: FastifyPluginAsyncZod<{ dashboard: DashboardService }> = async (
  app,
  { dashboard },
) => {
  app.get(
    '/api/admin/metrics',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['admin'],
        querystring: metricsQuery,
        response: { 200: adminMetrics, ...errorResponses },
      },
    },
    async (request) => dashboard.metrics(request.query),
  );
};
