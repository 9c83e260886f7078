import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { attention, attentionCount } from '../../../common/admin-audit.ts';
import { errorResponses } from '../../platform/route-schemas.ts';
import type { AttentionService } from './attention.service.ts';

const errors = errorResponses;
const admins = { access: ['admin' as const] };

/** The "à traiter" centre, and its total alone for a badge. */
export const attentionRoutes: FastifyPluginAsyncZod<{ attention: AttentionService }> = async (
  app,
  { attention: centre },
) => {
  app.get(
    '/api/admin/attention',
    { config: admins, schema: { tags: ['admin'], response: { 200: attention, ...errors } } },
    async () => centre.overview(),
  );

  app.get(
    '/api/admin/attention/count',
    { config: admins, schema: { tags: ['admin'], response: { 200: attentionCount, ...errors } } },
    async () => centre.count(),
  );
};
