import { z } from 'zod';

/**
 * The admin's performance page (`GET /api/admin/monitoring`): how this instance's API answers, per route, over the
 * last hour or day; the slowest queries; the database, job queues, sockets and runtime as they are now. Route
 * timings are kept in memory by each instance, so they are this instance's (named in `instance`).
 */

export const monitoringWindows = ['hour', 'day'] as const;
export type MonitoringWindow = (typeof monitoringWindows)[number];

/** Strict: a parameter the page does not know is a mistake of the caller, answered 400. */
export const monitoringQuery = z.strictObject({ window: z.enum(monitoringWindows).default('hour') });
export type MonitoringQuery = z.input<typeof monitoringQuery>;

const ms = z.number().nonnegative();

export const routeTiming = z.object({
  method: z.string(),
  /** The route's pattern (`/api/dossiers/:id`), never a raw URL; `unmatched` for requests no route answered. */
  route: z.string(),
  count: z.number().int(),
  /** Percentiles estimated from a log-spaced histogram (within about 10 %), clamped to the observed min and max. */
  p50Ms: ms,
  p95Ms: ms,
  p99Ms: ms,
  maxMs: ms,
  totalMs: ms,
  /** Shares of the requests answered 4xx and 5xx (0..1). */
  clientErrorRate: z.number(),
  serverErrorRate: z.number(),
});
export type RouteTiming = z.infer<typeof routeTiming>;

export const slowStatement = z.object({
  /** Normalised by PostgreSQL (constants as $1…), cut to 500 characters. */
  query: z.string(),
  calls: z.number(),
  meanMs: ms,
  maxMs: ms,
  totalMs: ms,
  rows: z.number(),
});

/** Why pg_stat_statements could not be read: not installed in this database, or installed but not loaded/readable. */
export const statementsUnavailableReasons = ['not_installed', 'unreadable'] as const;

export const slowQueries = z.discriminatedUnion('source', [
  z.object({ source: z.literal('pg_stat_statements'), statements: z.array(slowStatement) }),
  z.object({
    source: z.literal('route_timings'),
    reason: z.enum(statementsUnavailableReasons),
    /** The routes this instance spent the most time in over the window, heaviest first. */
    routes: z.array(routeTiming),
  }),
]);
export type SlowQueries = z.infer<typeof slowQueries>;

export const jobQueueDepth = z.object({
  queue: z.string(),
  /** Waiting to run now. */
  queued: z.number().int(),
  /** Waiting for a later time (retries with back-off, delayed sends). */
  deferred: z.number().int(),
  active: z.number().int(),
  failedLastDay: z.number().int(),
});

export const instanceSockets = z.object({ instance: z.string(), connected: z.number().int() });

export const monitoringReport = z.object({
  generatedAt: z.iso.datetime(),
  window: z.enum(monitoringWindows),
  /** The instance that answered: its route timings, runtime and pool are its own. */
  instance: z.object({
    id: z.string(),
    hostname: z.string(),
    pid: z.number().int(),
    uptimeSeconds: z.number(),
  }),
  /** Slowest first (by p95). */
  routes: z.array(routeTiming),
  slowQueries,
  database: z.object({
    sizeBytes: z.number(),
    /** Connections to this database by state (`active`, `idle`, `idle in transaction`…). */
    connections: z.array(z.object({ state: z.string(), count: z.number().int() })),
    /** This instance's pool. */
    pool: z.object({ total: z.number().int(), idle: z.number().int(), waiting: z.number().int() }),
  }),
  jobs: z.array(jobQueueDepth),
  sockets: z.object({
    /** Per instance; with several instances, those that answered in time. */
    instances: z.array(instanceSockets),
    total: z.number().int(),
    /** False when some instance did not answer: `total` then counts only those listed. */
    complete: z.boolean(),
  }),
  runtime: z.object({
    /** Event-loop delay over the last full minute (or since start in the first minute). */
    eventLoopDelay: z.object({ p50Ms: ms, p99Ms: ms, maxMs: ms }),
    memory: z.object({ rssBytes: z.number(), heapUsedBytes: z.number(), heapTotalBytes: z.number() }),
  }),
});
export type MonitoringReport = z.infer<typeof monitoringReport>;
