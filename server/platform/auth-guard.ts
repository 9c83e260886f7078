import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Role } from '../../common/users.ts';
import type { Account, AccountDirectory } from './accounts.ts';
import type { Clock } from './clock.ts';
import { AppError } from './errors.ts';
import type { TokenService } from './tokens.ts';

/** `sessionId`: the session (refresh family) of the access token, when it names one. */
export type AuthUser = Account & { sessionId?: string | null };

/**
 * Who may call a route, declared in its `config.access`:
 * - 'public': anyone; a valid token still sets `request.user`.
 * - 'self': any signed-in user, even a pending expert (their own account pages).
 * - a list of roles: signed-in, active, with one of these roles.
 * Without a declaration a route needs an active signed-in user of any role.
 */
export type Access = 'public' | 'self' | Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    user: AuthUser | null;
  }
}

export function registerAuthGuard(
  app: FastifyInstance,
  deps: { accounts: AccountDirectory; tokens: TokenService; clock: Clock },
) {
  app.decorateRequest('user', null);

  // Business routes all live under /api; the SPA's files and the API docs are public unless they say otherwise.
  app.addHook('onRoute', (route) => {
    const url = route.url ?? '';
    if (route.config?.access === undefined && (!url.startsWith('/api/') || url.startsWith('/api/docs'))) {
      route.config = { ...route.config, access: 'public' };
    }
  });

  async function authenticate(request: FastifyRequest): Promise<AuthUser | null> {
    const header = request.headers.authorization;
    if (!header) return null;
    const [scheme, token] = header.split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !token) {
      throw new AppError(401, 'UNAUTHENTICATED', 'En-tête Authorization invalide');
    }
    const claims = await deps.tokens.verifyAccess(token, deps.clock.now());
    const row = await deps.accounts.find(claims.sub);
    if (!row) throw new AppError(401, 'UNAUTHENTICATED', 'Compte introuvable');
    // Checked on every request so that a suspension takes effect at once, whatever tokens are out there.
    if (row.status === 'suspended') throw new AppError(401, 'ACCOUNT_SUSPENDED', 'Ce compte est suspendu');
    return { ...row, sessionId: claims.sid };
  }

  app.addHook('preHandler', async (request) => {
    if (!request.routeOptions.url) return;
    const access = request.routeOptions.config.access;
    if (access === 'public') {
      request.user = await authenticate(request).catch(() => null);
      return;
    }
    const user = await authenticate(request);
    if (!user) throw new AppError(401, 'UNAUTHENTICATED', 'Authentification requise');
    request.user = user;
    if (access === 'self') return;
    if (user.status !== 'active') {
      throw new AppError(403, 'ACCOUNT_PENDING', 'Votre compte doit être validé par un administrateur');
    }
    if (access && !access.includes(user.role)) throw new AppError(403, 'FORBIDDEN', 'Accès refusé');
  });
}

/** The signed-in user of a route that requires one. */
export function currentUser(request: FastifyRequest): AuthUser {
  if (!request.user) throw new AppError(401, 'UNAUTHENTICATED', 'Authentification requise');
  return request.user;
}
