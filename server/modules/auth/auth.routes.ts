import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../common/errors.ts';
import { SESSION_HINT_COOKIE } from '../../../common/session.ts';
import {
  authResult,
  changePasswordInput,
  loginInput,
  type RegisterInput,
  registerInput,
  user,
} from '../../../common/users.ts';
import { currentUser } from '../../platform/auth-guard.ts';
import { AppError } from '../../platform/errors.ts';
import type { UsersService } from '../users/users.service.ts';
import type { AuthService, Session, SignInDevice } from './auth.service.ts';

export const REFRESH_COOKIE = 'ft_refresh';
/** The page credential (`Session.pageCredential`): sent with every page load so that the server renders it signed in. */
export const PAGE_SESSION_COOKIE = 'ft_page';

type Options = {
  auth: AuthService;
  users: UsersService;
  secureCookies: boolean;
  rateLimitPerMinute: number;
  /** Registrations per client address and per e-mail tried, per hour: see `registrationLimits`. */
  registerLimits: { perAddressPerHour: number; perEmailPerHour: number };
};

export const authRoutes: FastifyPluginAsyncZod<Options> = async (app, opts) => {
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: opts.secureCookies,
    path: '/api/auth',
  };
  const hintOptions = { sameSite: 'strict' as const, secure: opts.secureCookies, path: '/' };
  const pageOptions = { ...hintOptions, httpOnly: true };
  const sendSession = (reply: FastifyReply, session: Session) => {
    reply.setCookie(REFRESH_COOKIE, session.refreshToken, {
      ...cookieOptions,
      expires: session.refreshExpiresAt,
    });
    reply.setCookie(SESSION_HINT_COOKIE, '1', { ...hintOptions, expires: session.refreshExpiresAt });
    reply.setCookie(PAGE_SESSION_COOKIE, session.pageCredential, {
      ...pageOptions,
      expires: session.refreshExpiresAt,
    });
    return { user: session.user, accessToken: session.accessToken };
  };
  const clearSession = (reply: FastifyReply) => {
    reply.clearCookie(REFRESH_COOKIE, cookieOptions);
    reply.clearCookie(SESSION_HINT_COOKIE, hintOptions);
    reply.clearCookie(PAGE_SESSION_COOKIE, pageOptions);
  };
  const rateLimit = { max: opts.rateLimitPerMinute, timeWindow: '1 minute' };
  const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 409: errorBody, 429: errorBody };

  app.post(
    '/api/auth/register',
    {
      config: { access: 'public', rateLimit },
      preHandler: registrationLimits(app, opts.registerLimits),
      schema: {
        tags: ['auth'],
        description:
          '201: account created. 202: the company (SIREN) is registered already; the account is created pending ' +
          'with a request to join it, which an administrator approves or rejects.',
        body: registerInput,
        response: { 201: authResult, 202: authResult, ...errors },
      },
    },
    async (request, reply) => {
      const session = await opts.auth.register(request.body, deviceOf(request));
      const joining = session.user.role === 'client' && session.user.status === 'pending';
      reply.status(joining ? 202 : 201);
      return sendSession(reply, session);
    },
  );

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public', rateLimit },
      schema: { tags: ['auth'], body: loginInput, response: { 200: authResult, ...errors } },
    },
    async (request, reply) => sendSession(reply, await opts.auth.login(request.body, deviceOf(request))),
  );

  app.post(
    '/api/auth/refresh',
    {
      config: { access: 'public', rateLimit: { max: opts.rateLimitPerMinute * 4, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], response: { 200: authResult, ...errors } },
    },
    async (request, reply) => {
      try {
        return sendSession(reply, await opts.auth.refresh(request.cookies[REFRESH_COOKIE]));
      } catch (error) {
        clearSession(reply);
        throw error;
      }
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { access: 'public' }, schema: { tags: ['auth'], response: { 204: z.null() } } },
    async (request, reply) => {
      await opts.auth.logout(request.cookies[REFRESH_COOKIE]);
      clearSession(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/me',
    { config: { access: 'self' }, schema: { tags: ['auth'], response: { 200: user, 401: errorBody } } },
    async (request) => opts.users.get(currentUser(request).id),
  );

  app.post(
    '/api/me/password',
    {
      config: { access: 'self', rateLimit },
      schema: { tags: ['auth'], body: changePasswordInput, response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      const user = currentUser(request);
      // The caller's own session stays; every other one ends.
      await opts.auth.changePassword(user.id, user.sessionId ?? null, request.body);
      return reply.status(204).send(null);
    },
  );
};

/** The browser and address a session is opened from. */
const deviceOf = (request: FastifyRequest): SignInDevice => ({
  userAgent: request.headers['user-agent'] ?? '',
  ip: request.ip,
});

/**
 * Anti-enumeration: registration answers EMAIL_TAKEN (the user needs it, to sign in instead), so it is limited hard,
 * per client address and per e-mail tried (whatever the address), over an hour, in the rate-limit plugin's store
 * (shared by all instances with Redis). Counted after validation: only well-formed attempts can learn anything.
 */
function registrationLimits(app: FastifyInstance, limits: Options['registerLimits']) {
  const perAddress = app.createRateLimit({
    max: limits.perAddressPerHour,
    timeWindow: '1 hour',
    keyGenerator: (request) => `register:address:${normalizeIP(request.ip)}`,
  });
  const perEmail = app.createRateLimit({
    max: limits.perEmailPerHour,
    timeWindow: '1 hour',
    keyGenerator: (request) => `register:email:${(request.body as RegisterInput).email}`,
  });
  return async (request: FastifyRequest, reply: FastifyReply) => {
    for (const limit of [perAddress, perEmail]) {
      const result = await limit(request);
      if (!result.isAllowed && result.isExceeded) {
        const retryAfterSeconds = result.ttlInSeconds;
        reply.header('retry-after', retryAfterSeconds);
        const message = 'Trop d’inscriptions tentées : réessayez plus tard';
        throw new AppError(429, 'REGISTRATION_RATE_LIMITED', message, { retryAfterSeconds });
      }
    }
  };
}
