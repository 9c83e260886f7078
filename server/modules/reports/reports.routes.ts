import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { reportDocument, reportQuery } from '../../../common/reports.ts';
import { currentUser } from '../../platform/auth-guard.ts';
import { errorResponses } from '../../platform/route-schemas.ts';
import type { ReportsService } from './reports.service.ts';

/** A report as a document (the interactive page draws it). */
export const reportsRoutes: FastifyPluginAsyncZod<{ reports: ReportsService }> = async (app, { reports }) => {
  app.get(
    '/api/reports',
    {
      config: { access: ['admin', 'expert', 'client'] },
      schema: {
        tags: ['reports'],
        querystring: reportQuery,
        response: { 200: reportDocument, ...errorResponses },
      },
    },
    async (request) => {
      const { type, locale, ...params } = request.query;
      return reports.build(currentUser(request), type, params, locale);
    },
  );
};
