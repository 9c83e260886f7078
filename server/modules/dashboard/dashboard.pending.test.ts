import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { approvedExpert, createAdmin, registerClient } from '../../../tests/support/factories.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import { differencesFromRecount, longSessions } from './dashboard.factories.ts';
import { foldDashboardChanges } from './dashboard.jobs.ts';

const { t, cast } = appWith(async (t) => ({ admin: await createAdmin(t) }), { overrides: longSessions });

const pendingCount = async () =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM metric_pending_deltas`.execute(t.db)).rows[0]!.n;
const gauge = async (metric: string) =>
  (
    await sql<{ value: number | null }>`
      SELECT (SELECT value FROM metric_gauges WHERE metric = ${metric} AND dim = 'all') AS value`.execute(
      t.db,
    )
  ).rows[0]!.value ?? 0;
const metrics = async () =>
  (await t.request('GET', '/api/admin/metrics?from=2026-05-01&to=2026-05-31', { token: cast.admin.token }))
    .body;

describe('the changes pending for the aggregates (029)', () => {
  const clients: pg.Client[] = [];
  const connect = async () => {
    const client = new pg.Client(t.databaseUrl);
    await client.connect();
    clients.push(client);
    return client;
  };
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.end()));
  });

  it('keeps a committed change pending until a reader folds it, and the reader counts it', async () => {
    await metrics();
    const before = await gauge('clients.active');
    await registerClient(t);
    expect(await pendingCount()).toBeGreaterThan(0);
    expect(await gauge('clients.active')).toBe(before);
    expect((await metrics()).clients.total).toBe(before + 1);
    expect(await pendingCount()).toBe(0);
  });

  it('does not hold up a transaction moving a figure while another that moved it waits to commit', async () => {
    const [one, two] = [await approvedExpert(t, cast.admin), await approvedExpert(t, cast.admin)];
    await metrics();
    const capacity = await gauge('experts.capacity');
    const [first, second] = [await connect(), await connect()];
    await first.query('BEGIN');
    await first.query('UPDATE expert_profiles SET capacity = capacity + 1 WHERE user_id = $1', [one.user.id]);
    // Runs the commit's deferred flush now: the first transaction is where 019 held the figure's row until commit.
    await first.query('SET CONSTRAINTS ALL IMMEDIATE');
    await second.query('BEGIN');
    await second.query("SET LOCAL lock_timeout = '2s'");
    await second.query('UPDATE expert_profiles SET capacity = capacity + 1 WHERE user_id = $1', [
      two.user.id,
    ]);
    await second.query('COMMIT');
    await first.query('COMMIT');
    expect((await metrics()).experts.capacity).toBe(capacity + 2);
    expect(await differencesFromRecount(t)).toEqual([]);
  });

  it('applies the changes of many transactions in one fold, the figures equal to a full recount', async () => {
    await metrics();
    const before = await gauge('clients.active');
    await Promise.all(Array.from({ length: 5 }, () => registerClient(t)));
    expect(await pendingCount()).toBeGreaterThanOrEqual(5);
    const folded = (await sql<{ n: number }>`SELECT dashboard_fold() AS n`.execute(t.db)).rows[0]!.n;
    expect(folded).toBeGreaterThanOrEqual(5);
    expect(await gauge('clients.active')).toBe(before + 5);
    expect(await differencesFromRecount(t)).toEqual([]);
  });

  it('lets a fold that would wait return at once while another fold runs', async () => {
    await registerClient(t);
    const holder = await connect();
    await holder.query('BEGIN');
    await holder.query('SELECT dashboard_fold()');
    await registerClient(t);
    const { rows } = await sql<{ n: number }>`SELECT dashboard_fold(false) AS n`.execute(t.db);
    expect(rows[0]!.n).toBe(0);
    expect(await pendingCount()).toBeGreaterThan(0);
    await holder.query('COMMIT');
    expect(
      (await sql<{ n: number }>`SELECT dashboard_fold(false) AS n`.execute(t.db)).rows[0]!.n,
    ).toBeGreaterThan(0);
  });

  it('drops the pending changes in a rebuild, which counts them from the base tables', async () => {
    await registerClient(t);
    expect(await pendingCount()).toBeGreaterThan(0);
    await sql`SELECT dashboard_rebuild()`.execute(t.db);
    expect(await pendingCount()).toBe(0);
    expect(await differencesFromRecount(t)).toEqual([]);
  });

  it('stages a set-based insert summed per key, one delta for many rows of a day (032)', async () => {
    await metrics();
    await sql`INSERT INTO simulations (id, answers, results, total_estimated_cents, created_at)
      SELECT gen_random_uuid(), '{}', '[]', 0, timestamptz '2026-05-12 10:00+02' + i * interval '1 second'
        FROM generate_series(1, 2000) i`.execute(t.db);
    const staged = await sql<{ deltas: unknown[] }>`
      SELECT deltas FROM metric_pending_deltas ORDER BY id DESC LIMIT 1`.execute(t.db);
    expect(staged.rows[0]!.deltas).toEqual([
      { metric: 'simulations.created', dim: 'all', dimValue: '', day: '2026-05-12', value: 2000 },
    ]);
    expect(await differencesFromRecount(t)).toEqual([]);
  });

  it('moves the running totals of a backlog of many days in one fold, days with and without totals (036)', async () => {
    const simulationsOn = (days: string) => sql`
      INSERT INTO simulations (id, answers, results, total_estimated_cents, created_at)
      SELECT gen_random_uuid(), '{}', '[]', 0, day + interval '10 hours'
        FROM unnest(${`{${days}}`}::date[]) day, generate_series(1, 3)`;
    await simulationsOn('2026-04-10,2026-04-20').execute(t.db);
    await sql`SELECT dashboard_fold()`.execute(t.db);
    await simulationsOn('2026-04-05,2026-04-10,2026-04-15,2026-04-25,2026-04-26').execute(t.db);
    expect(await pendingCount()).toBeGreaterThan(0);
    await sql`SELECT dashboard_fold()`.execute(t.db);
    expect(await differencesFromRecount(t)).toEqual([]);
  });

  it('folds the pending changes in its minute job', async () => {
    const before = await gauge('clients.active');
    await registerClient(t);
    await foldDashboardChanges.run(
      {},
      { db: t.db, clock: t.clock, signal: new AbortController().signal, attempt: 0 },
    );
    expect(await pendingCount()).toBe(0);
    expect(await gauge('clients.active')).toBe(before + 1);
  });

  it('folds the pending changes when the app asks, as once the demo data is in (server/main.ts)', async () => {
    const before = await gauge('clients.active');
    await registerClient(t);
    await t.app.services.dashboard.foldPending();
    expect(await pendingCount()).toBe(0);
    expect(await gauge('clients.active')).toBe(before + 1);
  });
});
