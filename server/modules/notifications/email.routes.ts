import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { emailDetail, emailListItem, emailListQuery } from '../../../common/emails.ts';
import { page } from '../../../common/pagination.ts';
import { errorResponses, idParams } from '../../platform/route-schemas.ts';
import type { EmailOutboxService } from './email.service.ts';
import type { UnsubscribeService } from './unsubscribe.ts';

const errors = errorResponses;
const unsubscribeQuery = z.object({ token: z.string().min(1).max(500) });

export const emailRoutes: FastifyPluginAsyncZod<{
  outbox: EmailOutboxService;
  unsubscribe: UnsubscribeService;
}> = async (app, { outbox, unsubscribe }) => {
  app.get(
    '/api/admin/emails',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['admin'],
        querystring: emailListQuery,
        response: { 200: page(emailListItem), ...errors },
      },
    },
    async (request) => outbox.list(request.query),
  );

  app.get(
    '/api/admin/emails/:id',
    {
      config: { access: ['admin'] },
      schema: { tags: ['admin'], params: idParams, response: { 200: emailDetail, ...errors } },
    },
    async (request) => outbox.get(request.params.id),
  );

  // RFC 8058: the mail client POSTs `List-Unsubscribe=One-Click` as a form; the token in the URL is all that counts.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/api/notifications/unsubscribe',
    {
      config: { access: 'public' },
      schema: {
        tags: ['notifications'],
        description: 'One-click unsubscribe (RFC 8058): turns the e-mails of the link’s type off.',
        querystring: unsubscribeQuery,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await unsubscribe.unsubscribe(request.query.token);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/notifications/unsubscribe',
    {
      config: { access: 'public' },
      schema: {
        tags: ['notifications'],
        description: 'The same from a browser, then on to the preferences page, which confirms it.',
        querystring: unsubscribeQuery,
        response: { 303: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const type = await unsubscribe.unsubscribe(request.query.token);
      return reply.redirect(`/notifications/preferences?unsubscribed=${encodeURIComponent(type)}`, 303);
    },
  );
};
