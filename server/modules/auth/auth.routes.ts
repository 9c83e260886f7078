import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '../../../common/errors.ts';
import { authResult, changePasswordInput, loginInput, registerInput, user } from '../../../common/users.ts';
import { currentUser } from '../../platform/auth-guard.ts';
import type { UsersService } from '../users/users.service.ts';
import type { AuthService, Session } from './auth.service.ts';

export const REFRESH_COOKIE = 'ft_refresh';

type Options = { auth: AuthService; users: UsersService; secureCookies: boolean; rateLimitPerMinute: number };

export const authRoutes: FastifyPluginAsyncZod<Options> = async (app, opts) => {
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: opts.secureCookies,
    path: '/api/auth',
  };
  const sendSession = (reply: FastifyReply, session: Session) => {
    reply.setCookie(REFRESH_COOKIE, session.refreshToken, {
      ...cookieOptions,
      expires: session.refreshExpiresAt,
    });
    return { user: session.user, accessToken: session.accessToken };
  };
  const rateLimit = { max: opts.rateLimitPerMinute, timeWindow: '1 minute' };
  const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 409: errorBody, 429: errorBody };

  app.post(
    '/api/auth/register',
    {
      config: { access: 'public', rateLimit },
      schema: { tags: ['auth'], body: registerInput, response: { 201: authResult, ...errors } },
    },
    async (request, reply) => {
      const session = await opts.auth.register(request.body);
      reply.status(201);
      return sendSession(reply, session);
    },
  );

  app.post(
    '/api/auth/login',
    {
      config: { access: 'public', rateLimit },
      schema: { tags: ['auth'], body: loginInput, response: { 200: authResult, ...errors } },
    },
    async (request, reply) => sendSession(reply, await opts.auth.login(request.body)),
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
        reply.clearCookie(REFRESH_COOKIE, cookieOptions);
        throw error;
      }
    },
  );

  app.post(
    '/api/auth/logout',
    { config: { access: 'public' }, schema: { tags: ['auth'], response: { 204: z.null() } } },
    async (request, reply) => {
      await opts.auth.logout(request.cookies[REFRESH_COOKIE]);
      reply.clearCookie(REFRESH_COOKIE, cookieOptions);
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
      await opts.users.changePassword(
        currentUser(request).id,
        request.body.currentPassword,
        request.body.newPassword,
      );
      return reply.status(204).send(null);
    },
  );
};
