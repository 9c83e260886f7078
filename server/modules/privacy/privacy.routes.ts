import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DATA_EXPORT_LIMIT_PER_HOUR } from '../../../common/privacy.ts';
import { currentUser } from '../../platform/auth-guard.ts';
import { AppError } from '../../platform/errors.ts';
import type { PrivacyService } from './privacy.service.ts';

/**
 * Counted per person, after the auth guard (a preHandler of the route runs after the app's): a refused or signed-out
 * request does not count, and people behind one address do not share the limit.
 */
const exportRateLimit = {
  max: DATA_EXPORT_LIMIT_PER_HOUR,
  timeWindow: '1 hour',
  hook: 'preHandler' as const,
  keyGenerator: (request: FastifyRequest) => `data-export:${request.user?.id}`,
  errorResponseBuilder: (_request: unknown, context: { ttl: number }) => {
    const retryAfterSeconds = Math.ceil(context.ttl / 1000);
    const message = 'Vous avez déjà exporté vos données plusieurs fois cette heure-ci : réessayez plus tard';
    return new AppError(429, 'DATA_EXPORT_RATE_LIMITED', message, { retryAfterSeconds });
  },
};

export const privacyRoutes: FastifyPluginAsyncZod<{ privacy: PrivacyService }> = async (app, { privacy }) => {
  app.get(
    '/api/me/data-export',
    {
      // Any signed-in person, pending or rejected ones included: the right to one's data does not wait for approval.
      config: { access: 'self', rateLimit: exportRateLimit },
      schema: {
        tags: ['privacy'],
        summary: 'All of the signed-in user’s personal data, as a ZIP (GDPR portability)',
      },
    },
    async (request, reply) => {
      const { filename, archive } = await privacy.export(currentUser(request));
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'no-store')
        .send(archive);
    },
  );
};
