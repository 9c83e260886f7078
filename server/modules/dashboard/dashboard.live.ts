import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import type { LiveFigures } from '../../../common/admin-metrics.ts';
import type { ModuleContext } from '../../module.ts';
import type { RealtimeHub } from '../../platform/realtime.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { type AppSocket, rooms } from '../../platform/sockets.ts';
import { dashboardRepo } from './dashboard.repo.ts';

/** The channel that the aggregates' fold notifies (019, 029), with the area that moved as payload. */
export const metricsChannel = 'ft_admin_metrics';
/** How the LISTEN connection shows in `pg_stat_activity`. */
export const listenerName = 'ft-dashboard-live';
/** Every area the triggers name: after a lost connection, changes may have gone unheard in any of them. */
const allAreas = ['dossiers', 'users', 'amounts', 'sla', 'experts', 'simulations'];
const areaPattern = /^[a-z_]{1,40}$/;

export const dashboardLiveTiming = {
  /**
   * At most one `admin:metrics` per this many ms: the first change goes at once, the next ones batched. Under a
   * steady flow a change waits up to this long, so it bounds the live update's p95 (the 500 ms at 100
   * changes a second; once a second would give about 950 ms) and costs each open dashboard one read per period.
   */
  throttleMs: 300,
  /**
   * While an admin socket is connected here, the pending changes are folded into the aggregates (029) this often:
   * the fold notifies what moved. It adds up to this much to a live update.
   */
  foldEveryMs: 100,
  /** `admin:live` every this many ms while an admin socket is connected here. */
  liveEveryMs: 5000,
  /** Back-off between attempts to connect the LISTEN client again, doubling from the first to the last. */
  reconnectMinMs: 250,
  reconnectMaxMs: 10_000,
};

export type DashboardLiveDeps = Pick<Platform, 'db' | 'clock'> & {
  realtime: RealtimeHub;
  databaseUrl: string;
  log: (error: unknown, context: string) => void;
};

/**
 * The dashboard's live updates on this instance. A dedicated connection LISTENs to the aggregates' fold (its
 * NOTIFY reaches every instance at its commit; while an admin socket is connected here, this instance folds a few
 * times a second), and this instance tells its OWN admin sockets (`io.local`: with the Redis adapter a room emit
 * would also reach the other instances' sockets, which hear the NOTIFY themselves) that figures moved — at once for the first change, then at most once per `throttleMs` with the union of the areas.
 * While an admin socket is connected here, it also sends `admin:live` (who is connected, messages of the hour).
 */
export class DashboardLive extends Service<DashboardLiveDeps> {
  private client: pg.Client | null = null;
  private closed = false;
  private failures = 0;
  private reconnecting: NodeJS.Timeout | undefined;
  private readonly pending = new Set<string>();
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private flushing: NodeJS.Timeout | undefined;
  private liveTimer: NodeJS.Timeout | undefined;
  private liveSending = false;
  private foldTimer: NodeJS.Timeout | undefined;
  private folding = false;
  private foldFailing = false;

  /** Listens (a first failure is retried in the background, never thrown) and starts the `admin:live` timer. */
  async start(): Promise<void> {
    this.liveTimer = setInterval(() => void this.sendLive(), dashboardLiveTiming.liveEveryMs).unref();
    this.foldTimer = setInterval(() => void this.fold(), dashboardLiveTiming.foldEveryMs).unref();
    // A new admin socket gets the live figures at once rather than up to `liveEveryMs` later.
    this.deps.realtime.onConnection((socket) => {
      if (socket.data.user.role === 'admin') void this.sendLive(socket);
    });
    await this.listen();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.liveTimer);
    clearInterval(this.foldTimer);
    clearTimeout(this.flushing);
    clearTimeout(this.reconnecting);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => {});
  }

  /** Figures moved in these areas: sent now if the last event is old enough, otherwise with the next batch. */
  private changed(...areas: string[]): void {
    if (this.closed) return;
    for (const area of areas) this.pending.add(area);
    if (this.flushing) return;
    const wait = this.lastSentAt + dashboardLiveTiming.throttleMs - performance.now();
    if (wait <= 0) this.flush();
    else this.flushing = setTimeout(() => this.flush(), wait).unref();
  }

  private flush(): void {
    this.flushing = undefined;
    this.lastSentAt = performance.now();
    const areas = [...this.pending].sort();
    this.pending.clear();
    this.deps.realtime.emitLocal(rooms.admins, 'admin:metrics', {
      areas,
      at: this.deps.clock.now().toISOString(),
    });
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.deps.databaseUrl,
      application_name: listenerName,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    // Set before connecting: a connection that fails or ends is handled once, whichever way it shows.
    let lost = false;
    const onLost = (error: unknown) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = null;
      void client.end().catch(() => {});
      this.retry(error);
    };
    client.on('error', onLost);
    client.on('end', () => onLost(new Error('Connection terminated: the LISTEN connection ended')));
    client.on('notification', ({ channel, payload }) => {
      if (channel === metricsChannel && payload && areaPattern.test(payload)) this.changed(payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${metricsChannel}`);
    } catch (error) {
      onLost(error);
      return;
    }
    if (lost) return;
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    // Changes committed while no connection listened were not heard: the dashboards read everything again.
    if (this.failures > 0) this.changed(...allAreas);
    this.failures = 0;
  }

  private retry(error: unknown): void {
    if (this.closed) return;
    const { reconnectMinMs, reconnectMaxMs } = dashboardLiveTiming;
    const delay = Math.min(reconnectMaxMs, reconnectMinMs * 2 ** this.failures);
    this.failures += 1;
    this.deps.log(error, `dashboard live: LISTEN ${metricsChannel} lost, connecting again in ${delay} ms`);
    this.reconnecting = setTimeout(() => void this.listen(), delay).unref();
  }

  /** Folds the pending changes while this instance has admin sockets; skipped while another fold runs. */
  private async fold(): Promise<void> {
    if (this.closed || this.folding || !this.hasAdminSockets()) return;
    this.folding = true;
    try {
      await dashboardRepo.fold(this.deps.db, { wait: false });
      this.foldFailing = false;
    } catch (error) {
      // Ten attempts a second: a database that is down is said once, and again after a fold has worked.
      if (!this.foldFailing) this.deps.log(error, 'dashboard live: fold failed');
      this.foldFailing = true;
    } finally {
      this.folding = false;
    }
  }

  private hasAdminSockets(): boolean {
    return Boolean(this.deps.realtime.io.of('/').adapter.rooms.get(rooms.admins)?.size);
  }

  /** `admin:live` to this socket, or to this instance's admin sockets if there are any. */
  private async sendLive(socket?: AppSocket): Promise<void> {
    if (this.closed) return;
    if (!socket) {
      if (this.liveSending || !this.hasAdminSockets()) return;
      this.liveSending = true;
    }
    try {
      const figures = await this.liveFigures();
      if (this.closed) return;
      if (socket) socket.emit('admin:live', figures);
      else this.deps.realtime.emitLocal(rooms.admins, 'admin:live', figures);
    } catch (error) {
      this.deps.log(error, 'dashboard live: admin:live');
    } finally {
      if (!socket) this.liveSending = false;
    }
  }

  private async liveFigures(): Promise<LiveFigures> {
    const now = this.deps.clock.now();
    const [activeUsers, messagesLastHour] = await Promise.all([
      this.connectedUsers(),
      this.messagesSince(new Date(now.getTime() - 3_600_000)),
    ]);
    return { activeUsers, messagesLastHour, at: now.toISOString() };
  }

  /** Users with a socket open on any instance: each has a `user:<id>` room while it does. */
  private async connectedUsers(): Promise<number> {
    const adapter = this.deps.realtime.io.of('/').adapter as {
      rooms: Map<string, Set<string>>;
      allRooms?: () => Promise<Set<string>>;
    };
    // The Redis adapter asks every instance for its rooms; the in-memory one only has this instance's.
    const names = adapter.allRooms ? await adapter.allRooms() : adapter.rooms.keys();
    let count = 0;
    for (const name of names) if (name.startsWith(rooms.user(''))) count += 1;
    return count;
  }

  /** A range over `messages_recent_idx` (created_at, for messages not deleted). */
  private async messagesSince(since: Date): Promise<number> {
    const row = await this.deps.db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('createdAt', '>', since)
      .where('deletedAt', 'is', null)
      .executeTakeFirstOrThrow();
    return row.count;
  }
}

/** Starts this instance's live dashboard updates with the app, and stops them before the sockets close. */
export async function registerDashboardLive(
  app: FastifyInstance,
  { services, db, sessionDatabaseUrl, logFailure }: ModuleContext,
): Promise<DashboardLive> {
  const live = new DashboardLive({
    db,
    clock: services.clock,
    realtime: services.realtime,
    databaseUrl: sessionDatabaseUrl,
    log: (error, context) => logFailure(error, { context }, context),
  });
  app.addHook('preClose', () => live.close());
  await live.start();
  return live;
}
