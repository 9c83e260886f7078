import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { TimedPool } from '../db/pool.ts';
import { AppError } from './errors.ts';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Whether an `Authorization` header carries the token, compared in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = header?.startsWith('Bearer ') ? header.slice(7) : '';
  return timingSafeEqual(digest(presented), digest(token));
}

/**
 * Prometheus text at /metrics: request counts and latency histograms per route, the database pool's checkouts, plus
 * process and runtime metrics. With a `token`, only a scraper presenting it (`Authorization: Bearer …`) reads them;
 * others get a 401.
 */
export function registerMetrics(app: FastifyInstance, pool: TimedPool, token?: string): Registry {
  const registry = new Registry();
  // Event-loop delay (nodejs_eventloop_lag_{p50,p99,max}_seconds, over the time since the previous scrape) at 1 ms
  // resolution, and GC pauses by kind (nodejs_gc_duration_seconds) in buckets fine enough to tell a 5 ms minor pause
  // from a 50 ms major one: the two runtime causes of latency stalls.
  collectDefaultMetrics({
    register: registry,
    eventLoopMonitoringPrecision: 1,
    gcDurationBuckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests served',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  registerPoolMetrics(registry, pool);
  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    if (token && !bearerMatches(request.headers.authorization, token)) {
      throw new AppError(401, 'UNAUTHENTICATED', 'Jeton de supervision requis');
    }
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  return registry;
}

/**
 * How long checkouts waited for a connection, and the pool's connections at scrape time: requests waiting here
 * while the database itself is idle mean the pool (shared with background jobs) is the bottleneck.
 */
function registerPoolMetrics(registry: Registry, pool: TimedPool) {
  const acquire = new Histogram({
    name: 'db_pool_acquire_seconds',
    help: 'Time a query or transaction waited for a pooled database connection',
    buckets: [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  pool.onAcquired((waitMs) => acquire.observe(waitMs / 1000));
  new Gauge({
    name: 'db_pool_connections',
    help: 'Pooled database connections by state (waiting: checkouts queued for one)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
}
