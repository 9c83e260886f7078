import { hostname } from 'node:os';
import type pg from 'pg';
import type {
  MonitoringReport,
  MonitoringWindow,
  RouteTiming,
  SlowQueries,
} from '../../../common/monitoring.ts';
import type { Executor } from '../../db/pool.ts';
import type { RealtimeHub } from '../../platform/realtime.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { presentRouteTiming } from './monitoring.presenter.ts';
import * as repo from './monitoring.repo.ts';
import { RequestTimings } from './request-timings.ts';
import { RuntimeSampler } from './runtime-sampler.ts';
import { SocketCensus } from './socket-census.ts';

export type MonitoringDeps = Pick<Platform, 'db' | 'clock'> & {
  pool: pg.Pool;
  realtime: RealtimeHub;
};

const SLOW_STATEMENTS = 15;
const HEAVIEST_ROUTES = 10;

/**
 * The performance page's figures. Route timings are recorded here by the module's `onResponse` hook (in memory,
 * per instance); the rest is read when asked: PostgreSQL's statistics, pg-boss's queues, the sockets, the runtime.
 */
export class MonitoringService extends Service<MonitoringDeps> {
  readonly timings: RequestTimings;
  private readonly runtime = new RuntimeSampler();
  private readonly sockets: SocketCensus;
  private readonly instance = { id: `${hostname()}:${process.pid}`, hostname: hostname(), pid: process.pid };

  constructor(deps: MonitoringDeps) {
    super(deps);
    this.timings = new RequestTimings(deps.clock);
    this.sockets = new SocketCensus(deps.realtime.io, this.instance.id);
  }

  async report(window: MonitoringWindow): Promise<MonitoringReport> {
    const routes = this.timings
      .over(window)
      .map(({ method, route, histogram }) => presentRouteTiming(method, route, histogram));
    // One connection for the statistics, read one after the other: the page must not crowd the pool it reports on.
    const database = await this.deps.db.connection().execute(async (db) => ({
      sizeBytes: await repo.databaseSize(db),
      connections: await repo.connectionsByState(db),
      jobs: await repo.jobQueueDepths(db),
      slowQueries: await this.slowQueries(db, routes),
    }));
    const { pool } = this.deps;
    return {
      generatedAt: this.deps.clock.now().toISOString(),
      window,
      instance: { ...this.instance, uptimeSeconds: Math.round(process.uptime()) },
      routes: routes.sort((a, b) => b.p95Ms - a.p95Ms || b.count - a.count),
      slowQueries: database.slowQueries,
      database: {
        sizeBytes: database.sizeBytes,
        connections: database.connections,
        pool: { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount },
      },
      jobs: database.jobs,
      sockets: await this.sockets.count(),
      runtime: { eventLoopDelay: this.runtime.eventLoopDelay(), memory: this.runtime.memory() },
    };
  }

  close(): void {
    this.runtime.close();
  }

  /** pg_stat_statements when this database has it and it can be read; this instance's heaviest routes otherwise. */
  private async slowQueries(db: Executor, routes: RouteTiming[]): Promise<SlowQueries> {
    const fallback = (reason: 'not_installed' | 'unreadable'): SlowQueries => ({
      source: 'route_timings',
      reason,
      routes: [...routes].sort((a, b) => b.totalMs - a.totalMs).slice(0, HEAVIEST_ROUTES),
    });
    if (!(await repo.hasPgStatStatements(db))) return fallback('not_installed');
    try {
      return { source: 'pg_stat_statements', statements: await repo.slowestStatements(db, SLOW_STATEMENTS) };
    } catch {
      // Installed but not in shared_preload_libraries, or not readable by this role: the page says so, every time
      // it is asked, so the failure is not logged.
      return fallback('unreadable');
    }
  }
}
