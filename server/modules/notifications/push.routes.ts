import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../common/errors.ts';
import { pushConfig, pushSubscriptionDelete, pushSubscriptionInput } from '../../../common/notifications.ts';
import { currentUser } from '../../platform/auth-guard.ts';
import { errorResponses } from '../../platform/route-schemas.ts';
import type { PushSubscriptionsService } from './push.service.ts';

const errors = { ...errorResponses, 503: errorBody };

// 'self': a pending account may already subscribe its browser (to hear that it was approved).
export const pushRoutes: FastifyPluginAsyncZod<{ push: PushSubscriptionsService }> = async (
  app,
  { push },
) => {
  app.get(
    '/api/push/config',
    {
      config: { access: 'self' },
      schema: { tags: ['notifications'], response: { 200: pushConfig, ...errors } },
    },
    async () => push.config(),
  );

  app.post(
    '/api/push/subscriptions',
    {
      config: { access: 'self' },
      schema: {
        tags: ['notifications'],
        body: pushSubscriptionInput,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await push.subscribe(currentUser(request), request.body, request.headers['user-agent'] ?? '');
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/push/subscriptions',
    {
      config: { access: 'self' },
      schema: {
        tags: ['notifications'],
        body: pushSubscriptionDelete,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await push.unsubscribe(currentUser(request), request.body.endpoint);
      return reply.status(204).send(null);
    },
  );
};
