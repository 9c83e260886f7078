import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { PresenceState } from '../../common/messaging.ts';
import type { ServerEvent, ServerToClientEvents, SocketError } from '../../common/socket-events.ts';
import type { SessionRevokedReason } from '../../common/users.ts';
import { AppError } from './errors.ts';
import { InFlight } from './in-flight.ts';
import { MissedEvents } from './missed-events.ts';
import { type Platform, Service } from './service.ts';
import {
  enforceDeadline,
  failureOf,
  inboundGate,
  readAccessToken,
  refusal,
  tokenOf,
} from './socket-guard.ts';
import { defaultSocketLimits, type SocketLimits, SocketRateLimiter } from './socket-limits.ts';
import { type RoomsThroughRedis, shareRoomsThroughRedis } from './socket-redis.ts';
import { type AppServer, type AppSocket, rooms, type SocketGrant, type SocketUser } from './sockets.ts';
import type { TokenService } from './tokens.ts';

export type RealtimeHubDeps = Pick<Platform, 'db' | 'clock'> & {
  tokens: TokenService;
  redisUrl?: string;
  redisPrefix?: string;
  log?: (error: unknown, context: string) => void;
  limits?: SocketLimits;
  /** How often sockets' token deadlines are checked (ms). */
  checkEveryMs?: number;
};

type ServerEventPayload<E extends ServerEvent> = Parameters<ServerToClientEvents[E]>;

/**
 * Another instance did not answer a cross-instance request (socket counts, presence) in time: it is restarting or
 * overloaded. Presence is best effort, delivery does not depend on it: a warning, not an error.
 */
export function isPeerTimeout(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('timeout reached while waiting for');
}

/**
 * Socket.IO on the app's HTTP server: authenticates each connection with the access token, puts every socket in
 * its user's room (and company or admin room), tracks presence across tabs, devices and instances. With Redis,
 * rooms span every instance (`@socket.io/redis-adapter`). Modules add their own socket events through
 * `onConnection`, and decide who receives their events (`<module>.realtime.ts`) through `emitTo` and `disconnect`.
 */
export class RealtimeHub extends Service<RealtimeHubDeps> {
  readonly io: AppServer;
  private readonly handlers: ((socket: AppSocket) => void | Promise<void>)[] = [];
  private readonly unsubscribe: (() => void)[] = [];
  private redis: RoomsThroughRedis | null = null;
  private closed = false;
  /** Shutting down: new sockets are refused (SERVER_DRAINING) so that they connect to another instance. */
  private draining = false;
  /** Socket events' work under way (`track`), finished before the hub closes. */
  private readonly working = new InFlight();
  /** Presence updates under way, finished before the Redis connections close. */
  private readonly leaving = new InFlight();
  private readonly limiter: SocketRateLimiter;
  private readonly deadlines: NodeJS.Timeout;
  /** The rooms this instance sent events to lately, for the sockets that ask what they missed. */
  readonly missed: MissedEvents;

  constructor(deps: RealtimeHubDeps) {
    super(deps);
    this.limiter = new SocketRateLimiter(deps.limits ?? defaultSocketLimits);
    this.deadlines = setInterval(() => this.checkDeadlines(), deps.checkEveryMs ?? 1000).unref();
    this.io = new Server({
      serveClient: false,
      path: '/socket.io',
      pingInterval: 20_000,
      pingTimeout: 20_000,
      maxHttpBufferSize: 256 * 1024,
      // Same-origin SPA; other origins are refused by the browser's CORS check.
      cors: undefined,
    });
    this.io.use((socket, next) => {
      if (this.draining) {
        next(refusal('SERVER_DRAINING', 'Ce serveur redémarre : reconnexion à un autre serveur.'));
        return;
      }
      this.authenticate(socket).then(
        ({ user, grant }) => {
          socket.data.user = user;
          socket.data.grant = grant;
          next();
        },
        (error: unknown) => {
          const { code, message } = failureOf(error, (e, c) => this.deps.log?.(e, c), 'socket handshake');
          next(refusal(code, message));
        },
      );
    });
    this.io.on('connection', (socket) => this.onConnect(socket));
    this.missed = new MissedEvents({
      io: this.io,
      now: () => deps.clock.now().getTime(),
      fleet: () => this.redis !== null,
      track: (work) => this.track(work),
      log: deps.log,
    });
  }

  /** Starts serving on the HTTP server (and connects to Redis when configured). */
  attach(server: HttpServer): void {
    const { redisUrl, redisPrefix = 'ft' } = this.deps;
    if (redisUrl) {
      this.redis = shareRoomsThroughRedis(this.io, {
        url: redisUrl,
        prefix: redisPrefix,
        // A closing hub's commands fail as their connections close: only the connections' own errors are said then.
        log: (error, context) => {
          if (!this.closed || context === 'redis') this.deps.log?.(error, context);
        },
      });
    }
    this.io.attach(server);
  }

  onConnection(handler: (socket: AppSocket) => void | Promise<void>): void {
    this.handlers.push(handler);
  }

  private async authenticate(socket: AppSocket): Promise<{ user: SocketUser; grant: SocketGrant }> {
    const header = socket.handshake.headers.authorization;
    const token =
      tokenOf(socket.handshake.auth) ??
      (typeof header === 'string' && header.toLowerCase().startsWith('bearer ') ? header.slice(7) : null);
    if (!token) throw new AppError(401, 'UNAUTHENTICATED', 'Authentification requise');
    const { userId, grant } = await readAccessToken(this.deps.tokens, token, this.deps.clock.now());
    return { user: await this.activeUser(userId, grant.sessionId), grant };
  }

  /** The account behind a token, if it may still use a socket: active, and its session not ended. */
  private async activeUser(userId: string, sessionId: string | null): Promise<SocketUser> {
    const row = await this.deps.db
      .selectFrom('users')
      .select(['id', 'role', 'status', 'companyId', 'firstName', 'lastName'])
      .select((eb) =>
        (sessionId
          ? eb.exists(
              eb
                .selectFrom('refreshTokens')
                .select('refreshTokens.id')
                .where('refreshTokens.familyId', '=', sessionId)
                .where('refreshTokens.userId', '=', userId)
                .where('refreshTokens.revokedAt', 'is', null),
            )
          : eb.lit(true)
        ).as('sessionAlive'),
      )
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!row) throw new AppError(401, 'UNAUTHENTICATED', 'Compte introuvable');
    if (row.status === 'suspended') throw new AppError(401, 'ACCOUNT_SUSPENDED', 'Ce compte est suspendu');
    // An access token outlives a logout by a few minutes: it must not open a socket for an ended session.
    if (!row.sessionAlive) throw new AppError(401, 'UNAUTHENTICATED', 'Session terminée');
    if (row.status !== 'active') {
      throw new AppError(403, 'ACCOUNT_PENDING', 'Votre compte doit être validé par un administrateur');
    }
    return {
      id: row.id,
      role: row.role,
      companyId: row.companyId,
      firstName: row.firstName,
      lastName: row.lastName,
    };
  }

  /** A fresh access token sent on an open socket: same user, same session; the socket lives as long as it. */
  private async renew(socket: AppSocket, input: unknown): Promise<{ expiresAt: string }> {
    const token = tokenOf(input);
    if (!token) throw new AppError(400, 'VALIDATION_ERROR', 'Jeton d’accès manquant');
    const { userId, grant } = await readAccessToken(this.deps.tokens, token, this.deps.clock.now());
    if (userId !== socket.data.user.id || grant.sessionId !== socket.data.grant.sessionId) {
      throw new AppError(403, 'SESSION_MISMATCH', 'Ce jeton appartient à une autre session');
    }
    socket.data.user = await this.activeUser(userId, grant.sessionId);
    if (grant.expiresAt > socket.data.grant.expiresAt) socket.data.grant = grant;
    return { expiresAt: new Date(socket.data.grant.expiresAt).toISOString() };
  }

  /**
   * Asks the sockets whose token expires soon for a fresh one, and disconnects those that let it expire without
   * sending one within the grace period. Runs every `checkEveryMs`; tests call it after moving the clock.
   */
  checkDeadlines(): void {
    const now = this.deps.clock.now().getTime();
    for (const socket of this.io.of('/').sockets.values()) enforceDeadline(socket, now);
    this.limiter.prune();
  }

  private async onConnect(socket: AppSocket): Promise<void> {
    const user = socket.data.user;
    const personal = [rooms.user(user.id)];
    if (user.companyId) personal.push(rooms.company(user.companyId));
    if (user.role === 'admin') personal.push(rooms.admins);
    if (socket.data.grant.sessionId) personal.push(rooms.session(socket.data.grant.sessionId));
    socket.join(personal);
    const reportError = (error: SocketError) => socket.emit('error', error);
    socket.use(
      inboundGate({
        userId: () => user.id,
        grant: () => socket.data.grant,
        clock: this.deps.clock,
        limiter: this.limiter,
        emit: reportError,
      }),
    );
    socket.on('auth:renew', (input: unknown, ack?: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (r: unknown) => void) : () => {};
      this.renew(socket, input).then(reply, (error) =>
        reply({ error: failureOf(error, (e, c) => this.deps.log?.(e, c), 'socket renewal') }),
      );
    });
    // What it missed before it connected is answered once it is in all its rooms (the modules' handlers join theirs).
    let roomsJoined: () => void = () => {};
    this.missed.answer(socket, new Promise<void>((resolve) => (roomsJoined = resolve)));
    socket.on('disconnecting', () => {
      // Rooms are still known here, not in 'disconnect'.
      const conversations = [...socket.rooms].filter((r) => r.startsWith('conv:'));
      this.leaving.track(
        this.onLeave(user.id, conversations).catch((error) => this.deps.log?.(error, 'presence')),
      );
    });
    try {
      for (const handler of this.handlers) await handler(socket);
    } catch (error) {
      this.deps.log?.(error, 'socket connection');
      socket.disconnect(true);
      return;
    } finally {
      roomsJoined();
    }
    if (!socket.connected) return;
    // First connection of the user anywhere: tell the people they talk with.
    const local = this.io.of('/').adapter.rooms.get(rooms.user(user.id))?.size ?? 0;
    if (local <= 1 && (await this.countSockets(user.id)) <= 1) {
      const conversations = [...socket.rooms].filter((r) => r.startsWith('conv:'));
      if (conversations.length) {
        this.emitExcept(conversations, rooms.user(user.id), 'presence', {
          userId: user.id,
          online: true,
          lastSeenAt: null,
        });
      }
    }
  }

  private async onLeave(userId: string, conversations: string[]): Promise<void> {
    if (this.closed) return;
    // The leaving socket is still counted while 'disconnecting'.
    const local = this.io.of('/').adapter.rooms.get(rooms.user(userId))?.size ?? 0;
    if (local > 1 || (await this.countSockets(userId)) > 1) return;
    const at = this.deps.clock.now();
    await this.deps.db
      .insertInto('userPresence')
      .values({ userId, lastSeenAt: at })
      .onConflict((oc) => oc.column('userId').doUpdateSet({ lastSeenAt: at }))
      .execute();
    if (conversations.length) {
      const presence = { userId, online: false, lastSeenAt: at.toISOString() };
      // Their own sockets have gone: the others are told.
      this.emitExcept(conversations, rooms.user(userId), 'presence', presence);
    }
  }

  private async countSockets(userId: string): Promise<number> {
    if (this.closed) return 0;
    try {
      return (await this.io.in(rooms.user(userId)).fetchSockets()).length;
    } catch (error) {
      // Another instance did not answer in time: presence is best effort, delivery is not affected.
      this.deps.log?.(error, 'presence');
      return 1;
    }
  }

  /** Those of these users with a live connection on any instance. */
  async onlineAmong(userIds: string[]): Promise<Set<string | undefined>> {
    if (userIds.length === 0) return new Set();
    const sockets = await this.io.in(userIds.map(rooms.user)).fetchSockets();
    return new Set(sockets.map((s) => s.data.user?.id));
  }

  /** Whether each user has a live connection on any instance, and when they were last seen otherwise. */
  async presenceOf(userIds: string[]): Promise<PresenceState[]> {
    if (userIds.length === 0) return [];
    const online = await this.onlineAmong(userIds);
    const seen = await this.deps.db
      .selectFrom('userPresence')
      .select(['userId', 'lastSeenAt'])
      .where('userId', 'in', userIds)
      .execute();
    const lastSeen = new Map(seen.map((r) => [r.userId, r.lastSeenAt.toISOString()]));
    return userIds.map((userId) => ({
      userId,
      online: online.has(userId),
      lastSeenAt: online.has(userId) ? null : (lastSeen.get(userId) ?? null),
    }));
  }

  /** Makes every socket of these users (on every instance) join or leave a room. */
  joinUsers(userIds: string[], room: string): void {
    if (userIds.length) this.io.in(userIds.map(rooms.user)).socketsJoin(room);
  }

  leaveUsers(userIds: string[], room: string): void {
    if (userIds.length) this.io.in(userIds.map(rooms.user)).socketsLeave(room);
  }

  /** Sends an event to every socket in these rooms, on every instance. */
  emitTo<E extends ServerEvent>(to: string | string[], event: E, ...payload: ServerEventPayload<E>): void {
    this.missed.record(to);
    this.io.to(to).emit(event, ...payload);
  }

  /** Sends an event to every socket in these rooms, on every instance, but those in `except` (a room or a socket). */
  emitExcept<E extends ServerEvent>(
    to: string | string[],
    except: string,
    event: E,
    ...payload: ServerEventPayload<E>
  ): void {
    this.missed.record(to, except);
    this.io
      .to(to)
      .except(except)
      .emit(event, ...payload);
  }

  /** Sends an event to the sockets in these rooms on this instance only (each instance tells its own). */
  emitLocal<E extends ServerEvent>(to: string | string[], event: E, ...payload: ServerEventPayload<E>): void {
    this.missed.record(to);
    this.io.local.to(to).emit(event, ...payload);
  }

  /**
   * Ends the connections of every socket in these rooms (on every instance) but those in `except`. With `revoked`,
   * they are told why first (`auth:revoked`: the client does not reconnect on its own); without, they are cut at once.
   */
  disconnect(
    to: string | string[],
    { except, revoked }: { except?: string | null; revoked?: SessionRevokedReason } = {},
  ): void {
    const targets = except ? this.io.in(to).except(except) : this.io.in(to);
    if (revoked) {
      targets.emit('auth:revoked', { reason: revoked });
      targets.disconnectSockets();
    } else {
      targets.disconnectSockets(true);
    }
  }

  /** Work a socket event started (storing a message), which a shutdown lets finish before the database closes. */
  track<T>(work: Promise<T>): Promise<T> {
    return this.working.track(work);
  }

  /** Subscriptions (to domain events, say) that end when the hub closes: nothing is sent on a closed hub. */
  untilClose(...unsubscribe: (() => void)[]): void {
    this.unsubscribe.push(...unsubscribe);
  }

  /**
   * First step of a shutdown: refuses new sockets, tells every connected one to connect again (the client does so at
   * once, through the load balancer, to another instance), and after `graceMs` cuts those still here at the transport
   * level, which a client takes as a lost connection and reconnects from too. Resolves once none is left.
   */
  async drain(graceMs: number): Promise<void> {
    this.draining = true;
    const namespace = this.io.of('/');
    if (namespace.sockets.size === 0) return;
    for (const socket of namespace.sockets.values()) socket.emit('server:draining');
    const deadline = Date.now() + graceMs;
    while (namespace.sockets.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const socket of namespace.sockets.values()) socket.conn.close();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.deadlines);
    for (const stop of this.unsubscribe) stop();
    // Not io.close(): it would also close the HTTP server, which Fastify closes itself.
    for (const socket of this.io.of('/').sockets.values()) socket.disconnect(true);
    this.io.engine?.close();
    await Promise.all([this.working.settled(), this.leaving.settled()]);
    await this.redis?.close();
  }
}
