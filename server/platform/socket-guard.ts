import { decodeJwt } from 'jose';
import type { SocketError } from '../../common/socket-events.ts';
import type { Clock } from './clock.ts';
import { errorBodyOf } from './error-body.ts';
import type { SocketRateLimiter } from './socket-limits.ts';
import type { AppSocket, SocketGrant } from './sockets.ts';
import type { TokenService } from './tokens.ts';

/** How long before its token expires a socket is asked for a fresh one. */
export const RENEW_BEFORE_MS = 60_000;
/** How long after its token expired a socket that sent no fresh one stays connected (still refused any event). */
export const RENEW_GRACE_MS = 30_000;

/** What the access token a socket presented grants it. */
export async function readAccessToken(
  tokens: TokenService,
  token: string,
  now: Date,
): Promise<{ userId: string; grant: SocketGrant }> {
  const claims = await tokens.verifyAccess(token, now);
  // Verified above: reading the payload again only gives its expiry.
  const { exp } = decodeJwt(token);
  return {
    userId: claims.sub,
    grant: {
      expiresAt: (exp as number) * 1000,
      sessionId: claims.sid ?? null,
      renewalAsked: false,
    },
  };
}

/** The error a refused handshake carries to the client (`connect_error`: `err.message`, `err.data.code`). */
export function refusal(code: string, message: string): Error & { data: { code: string; message: string } } {
  return Object.assign(new Error(message), { data: { code, message } });
}

/** The access token a handshake or a renewal carries, if it looks like one. */
export const tokenOf = (input: unknown): string | null => {
  const token = (input as { token?: unknown } | null | undefined)?.token;
  return typeof token === 'string' && token.length > 0 && token.length <= 4096 ? token : null;
};

/**
 * Asks a socket whose token expires soon for a fresh one (once per token), and disconnects one that let it expire
 * without sending one within the grace period. A server-side disconnect: the client does not retry on its own.
 */
export function enforceDeadline(socket: AppSocket, now: number): void {
  const grant = socket.data.grant;
  if (!grant) return;
  const deadline = grant.expiresAt + RENEW_GRACE_MS;
  if (now >= deadline) {
    socket.emit('auth:expired', {
      code: 'TOKEN_EXPIRED',
      message: 'Session expirée : la connexion n’a pas été renouvelée à temps',
    });
    socket.disconnect();
  } else if (!grant.renewalAsked && now >= grant.expiresAt - RENEW_BEFORE_MS) {
    grant.renewalAsked = true;
    socket.emit('auth:renew_required', {
      expiresAt: new Date(grant.expiresAt).toISOString(),
      deadline: new Date(deadline).toISOString(),
    });
  }
}

type Refusal = { code: string; message: string; retryAfterMs?: number };

/**
 * Answers a client event that will not be worked on: through its acknowledgement when it has one
 * (`{error: {code, message, details}}`), otherwise with an `error` event naming it.
 */
export function refuse(
  emit: (error: SocketError) => void,
  packet: unknown[],
  { code, message, retryAfterMs }: Refusal,
): void {
  const event = String(packet[0]);
  const ack = packet.length > 1 ? packet.at(-1) : undefined;
  if (typeof ack === 'function') {
    const details = retryAfterMs === undefined ? { event } : { event, retryAfterMs };
    ack({ error: { code, message, details } });
  } else {
    emit(retryAfterMs === undefined ? { event, code, message } : { event, code, message, retryAfterMs });
  }
}

/**
 * The check every client event goes through before any handler: the socket's token must still be valid (a renewal
 * alone may pass after it expired) and the user within their limits for that kind of event.
 */
export function inboundGate(deps: {
  userId: () => string;
  grant: () => SocketGrant;
  clock: Clock;
  limiter: SocketRateLimiter;
  emit: (error: SocketError) => void;
}) {
  return (packet: unknown[], next: (error?: Error) => void): void => {
    const event = String(packet[0]);
    if (event !== 'auth:renew' && deps.clock.now().getTime() >= deps.grant().expiresAt) {
      refuse(deps.emit, packet, {
        code: 'TOKEN_EXPIRED',
        message: 'Session expirée : renouvelez le jeton de la connexion',
      });
      return;
    }
    const taken = deps.limiter.take(deps.userId(), event);
    if (!taken.ok) {
      refuse(deps.emit, packet, {
        code: 'RATE_LIMITED',
        message: 'Trop de requêtes, réessayez dans un instant',
        retryAfterMs: taken.retryAfterMs,
      });
      return;
    }
    next();
  };
}

/**
 * The answer to give a client for a failed socket operation, built like an HTTP error's body (`errorBodyOf`); what
 * that says to log (a bug, an outage, an internal note) goes to `log` under `context`.
 */
export function failureOf(
  error: unknown,
  log: (error: unknown, context: string) => void,
  context: string,
): { code: string; message: string; details?: unknown } {
  const answer = errorBodyOf(error);
  if (answer.log) log(error, context);
  return answer.body.error;
}
