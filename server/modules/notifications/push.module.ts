import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../module.ts';
import { pushRoutes } from './push.routes.ts';
import type { Push } from './push.services.ts';

/**
 * Web Push's routes, and its key pair made or read at start (so that the first browser to subscribe does not wait for
 * it). Without a usable pair the app still starts: push answers PUSH_UNAVAILABLE, and the failure is logged.
 */
export async function registerPush(app: FastifyInstance, { logFailure }: ModuleContext, push: Push) {
  await push.keys.get().catch((error: unknown) => logFailure(error, {}, 'Web Push keys unavailable'));
  await app.register(pushRoutes, { push: push.subscriptions });
}
