import type { FastifyInstance } from 'fastify';
import type { ModuleContext } from '../../module.ts';
import { sendDigests } from './digest.jobs.ts';
import { emailRoutes } from './email.routes.ts';
import type { Email } from './email.services.ts';

/** The admins' outbox and the unsubscribe links' routes, and the hourly digest. */
export async function registerEmail(app: FastifyInstance, { services }: ModuleContext, email: Email) {
  services.jobs.register(sendDigests, { digest: email.digest });
  await app.register(emailRoutes, { outbox: email.outbox, unsubscribe: email.unsubscribe });
}
