import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../common/errors.ts';
import {
  changeEmailInput,
  forgotPasswordInput,
  forgotPasswordResult,
  resetPasswordInput,
  user,
  verifyEmailInput,
} from '../../../common/users.ts';
import { currentUser } from '../../platform/auth-guard.ts';
import { AppError } from '../../platform/errors.ts';
import type { AccountEmailsService } from './account-emails.service.ts';

type Options = {
  accountEmails: AccountEmailsService;
  /** Requests per minute and client address (the auth routes' limit). */
  rateLimitPerMinute: number;
};

/** E-mails asked for one address (a reset link) or one account (a verification link), per hour: no mail bombing. */
const EMAILS_PER_TARGET_PER_HOUR = 5;

export const accountEmailsRoutes: FastifyPluginAsyncZod<Options> = async (app, opts) => {
  const { accountEmails } = opts;
  const rateLimit = { max: opts.rateLimitPerMinute, timeWindow: '1 minute' };
  const errors = {
    400: errorBody,
    401: errorBody,
    403: errorBody,
    404: errorBody,
    409: errorBody,
    429: errorBody,
  };

  app.post(
    '/api/auth/verify-email',
    {
      config: { access: 'public', rateLimit },
      schema: { tags: ['auth'], body: verifyEmailInput, response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      await accountEmails.verifyEmail(request.body.token);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/verify-email/resend',
    {
      config: { access: 'self', rateLimit },
      preHandler: limitPerTarget(app, 'verify-resend', (request) => currentUser(request).id),
      schema: { tags: ['auth'], response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      await accountEmails.resendVerification(currentUser(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/forgot-password',
    {
      config: { access: 'public', rateLimit },
      preHandler: limitPerTarget(app, 'forgot', (request) => (request.body as { email: string }).email),
      schema: {
        tags: ['auth'],
        description: 'Always 202, whether or not the address has an account; the link is valid for one hour.',
        body: forgotPasswordInput,
        response: { 202: forgotPasswordResult, ...errors },
      },
    },
    async (request, reply) => {
      await accountEmails.requestPasswordReset(request.body.email);
      return reply.status(202).send({ accepted: true });
    },
  );

  app.post(
    '/api/auth/reset-password',
    {
      config: { access: 'public', rateLimit },
      schema: {
        tags: ['auth'],
        description: 'Sets the password with a reset link (once) and ends every session of the account.',
        body: resetPasswordInput,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await accountEmails.resetPassword(request.body);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/me/email',
    {
      config: { access: 'self', rateLimit },
      schema: { tags: ['auth'], body: changeEmailInput, response: { 200: user, ...errors } },
    },
    async (request) => accountEmails.changeEmail(currentUser(request), request.body),
  );
};

/** At most EMAILS_PER_TARGET_PER_HOUR requests per target (after validation and authentication). */
function limitPerTarget(app: FastifyInstance, name: string, target: (request: FastifyRequest) => string) {
  const limit = app.createRateLimit({
    max: EMAILS_PER_TARGET_PER_HOUR,
    timeWindow: '1 hour',
    keyGenerator: (request) => `${name}:${target(request)}`,
  });
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const result = await limit(request);
    if (!result.isAllowed && result.isExceeded) {
      reply.header('retry-after', result.ttlInSeconds);
      throw new AppError(429, 'RATE_LIMITED', 'Trop de demandes : réessayez plus tard', {
        retryAfterSeconds: result.ttlInSeconds,
      });
    }
  };
}
