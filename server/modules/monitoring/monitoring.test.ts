import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { MonitoringReport, RouteTiming } from '../../../common/monitoring.ts';
import { createAdmin, registerClient } from '../../../tests/support/factories.ts';
import { connectSocket } from '../../../tests/support/socket-client.ts';
import { appWith, type TestApp } from '../../../tests/support/test-app.ts';

// A short acquisition timeout: a test makes the database unavailable (503) by holding every pool connection.
const { t, cast: admin } = appWith(createAdmin, { overrides: { databaseAcquireTimeoutMs: 300 } });

const report = async (window = 'hour') => {
  const res = await t.request<MonitoringReport>('GET', `/api/admin/monitoring?window=${window}`, {
    token: admin.token,
  });
  expect(res.status).toBe(200);
  return res.body;
};
const rowOf = (body: MonitoringReport, method: string, route: string) =>
  body.routes.find((r: RouteTiming) => r.method === method && r.route === route);

/** Runs `during` while the test holds every connection of the app's pool (5). */
async function withoutConnections(app: TestApp, during: () => Promise<void>) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const acquired: Promise<void>[] = [];
  const holders = Array.from({ length: 5 }, () => {
    let signal!: () => void;
    acquired.push(new Promise<void>((resolve) => (signal = resolve)));
    return app.db.connection().execute(async () => {
      signal();
      await held;
    });
  });
  await Promise.all(acquired);
  try {
    await during();
  } finally {
    release();
    await Promise.all(holders);
  }
}

describe('GET /api/admin/monitoring: route timings', () => {
  it('records a request under its route pattern, not its URL', async () => {
    const id = randomUUID();
    const client = await registerClient(t);
    await t.request('GET', `/api/dossiers/${id}`, { token: client.token });
    const body = await report();
    expect(rowOf(body, 'GET', '/api/dossiers/:id')).toMatchObject({ count: 1 });
    expect(body.routes.some((r) => r.route.includes(id))).toBe(false);
  });

  it('records requests no route answered under `unmatched`, without their URL', async () => {
    const id = randomUUID();
    await t.request('GET', `/api/nowhere/${id}`, { token: admin.token });
    const body = await report();
    expect(rowOf(body, 'GET', 'unmatched')?.clientErrorRate).toBe(1);
    expect(body.routes.some((r) => r.route.includes(id))).toBe(false);
  });

  it('counts 4xx answers in the client error rate', async () => {
    const client = await registerClient(t);
    await t.request('GET', `/api/dossiers/${randomUUID()}/documents`, { token: client.token });
    await t.request('GET', `/api/dossiers/${randomUUID()}/documents`, { token: client.token });
    const row = rowOf(await report(), 'GET', '/api/dossiers/:id/documents');
    expect(row).toMatchObject({ count: 2, clientErrorRate: 1, serverErrorRate: 0 });
  });

  it('counts 5xx answers in the server error rate', async () => {
    const client = await registerClient(t);
    await t.request('GET', '/api/me', { token: client.token });
    await withoutConnections(t, async () => {
      expect((await t.request('GET', '/api/me', { token: client.token })).status).toBe(503);
    });
    const row = rowOf(await report(), 'GET', '/api/me');
    expect(row).toMatchObject({ count: 2, serverErrorRate: 0.5 });
  });

  it('lists the routes slowest first by p95, with percentiles in order', async () => {
    const { routes } = await report();
    expect(routes.length).toBeGreaterThan(1);
    expect(routes.map((r) => r.p95Ms)).toEqual([...routes.map((r) => r.p95Ms)].sort((a, b) => b - a));
    for (const r of routes) expect(r.p50Ms <= r.p95Ms && r.p95Ms <= r.p99Ms && r.p99Ms <= r.maxMs).toBe(true);
  });
});

describe('GET /api/admin/monitoring: the platform', () => {
  it('reports the database: its size, its connections by state, this instance’s pool', async () => {
    const { database } = await report();
    expect(database.sizeBytes).toBeGreaterThan(1_000_000);
    // The report's own statement is running on one of them.
    expect(database.connections.find((c) => c.state === 'active')?.count).toBeGreaterThanOrEqual(1);
    expect(database.pool.total).toBeGreaterThanOrEqual(1);
  });

  it('reports the depth of each job queue', async () => {
    const { jobs } = await report();
    expect(jobs.map((j) => j.queue)).toContain('email.send');
    expect(jobs.every((j) => j.queued >= 0 && j.active >= 0 && j.failedLastDay >= 0)).toBe(true);
  });

  it('counts the sockets connected to this instance', async () => {
    const socket = await connectSocket(t.baseUrl, admin.token);
    try {
      const { sockets, instance } = await report();
      expect(sockets).toEqual({
        instances: [{ instance: instance.id, connected: 1 }],
        total: 1,
        complete: true,
      });
    } finally {
      socket.close();
    }
  });

  it('names the instance and reports its runtime', async () => {
    const { instance, runtime } = await report();
    expect(instance.pid).toBe(process.pid);
    expect(runtime.memory.rssBytes).toBeGreaterThan(runtime.memory.heapUsedBytes);
    expect(runtime.eventLoopDelay.maxMs).toBeGreaterThanOrEqual(0);
  });
});

describe('GET /api/admin/monitoring: slowest queries', () => {
  /** Whether the server loads pg_stat_statements (the embedded one does; another may not). */
  const loaded = async () =>
    (
      await sql<{ libs: string }>`SELECT current_setting('shared_preload_libraries') AS libs`.execute(t.db)
    ).rows[0]!.libs.includes('pg_stat_statements');
  /** Runs `during` without the extension (migration 023 created it where it could), then puts it back. */
  async function withoutExtension(during: () => Promise<void>) {
    const { rows } = await sql`SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements'`.execute(t.db);
    await sql`DROP EXTENSION IF EXISTS pg_stat_statements`.execute(t.db);
    try {
      await during();
    } finally {
      if (rows.length) await sql`CREATE EXTENSION pg_stat_statements`.execute(t.db);
    }
  }

  it('without pg_stat_statements, shows the heaviest routes and says so', async () => {
    await withoutExtension(async () => {
      const { slowQueries } = await report();
      expect(slowQueries).toMatchObject({ source: 'route_timings', reason: 'not_installed' });
      const totals = slowQueries.source === 'route_timings' ? slowQueries.routes.map((r) => r.totalMs) : [];
      expect(totals.length).toBeGreaterThan(0);
      expect(totals).toEqual([...totals].sort((a, b) => b - a));
    });
  });

  it('with pg_stat_statements created but not loaded, falls back instead of failing', async (ctx) => {
    if (await loaded()) ctx.skip();
    await sql`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`.execute(t.db);
    const { slowQueries } = await report();
    expect(slowQueries).toMatchObject({ source: 'route_timings', reason: 'unreadable' });
  });

  it('with pg_stat_statements loaded, lists this database’s statements, the slowest per call first', async (ctx) => {
    if (!(await loaded())) ctx.skip();
    await sql`SELECT pg_sleep(0.2)`.execute(t.db);
    const { slowQueries } = await report();
    expect(slowQueries.source).toBe('pg_stat_statements');
    const statements = slowQueries.source === 'pg_stat_statements' ? slowQueries.statements : [];
    const slept = statements.find((s) => s.query.includes('pg_sleep'));
    expect(slept?.meanMs).toBeGreaterThanOrEqual(200);
    expect(statements.map((s) => s.meanMs)).toEqual(statements.map((s) => s.meanMs).sort((a, b) => b - a));
  });
});

describe('GET /api/admin/monitoring: access and input', () => {
  it('is closed to clients', async () => {
    const client = await registerClient(t);
    const res = await t.request('GET', '/api/admin/monitoring', { token: client.token });
    expect(res.status).toBe(403);
  });

  it('asks for authentication', async () => {
    expect((await t.request('GET', '/api/admin/monitoring')).status).toBe(401);
  });

  it('refuses a window other than hour or day', async () => {
    const res = await t.request('GET', '/api/admin/monitoring?window=week', { token: admin.token });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
  });

  it('refuses a parameter it does not know', async () => {
    const res = await t.request('GET', '/api/admin/monitoring?limit=abc', { token: admin.token });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
  });

  it('answers over the last day when asked', async () => {
    expect((await report('day')).window).toBe('day');
  });
});
