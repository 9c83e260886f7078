import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminMetrics } from '../../../common/admin-metrics.ts';
import { createAdmin, type Session } from '../../../tests/support/factories.ts';
import { startTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { differencesFromRecount } from '../../modules/dashboard/dashboard.factories.ts';
import { seedDemo } from './demo.ts';
import { seedDemoHistory } from './demo-history.ts';

describe('the demo’s year of history', () => {
  let t: TestApp;
  let admin: Session;
  let year: AdminMetrics;
  const count = async (table: 'dossiers' | 'users' | 'simulations') =>
    Number(
      (await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(t.db)).rows[0]!.n,
    );

  beforeAll(async () => {
    t = await startTestApp();
    const now = t.clock.now();
    await seedDemo(t.db, { experts: 6, pendingExperts: 1, companies: 8, dossiersPerCompany: 2 }, now);
    await seedDemoHistory(t.db, t.app.services.workflows.templates, now);
    admin = await createAdmin(t);
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const res = await t.request<AdminMetrics>(
      'GET',
      `/api/admin/metrics?from=${day(now.getTime() - 364 * 86_400_000)}&to=${day(now.getTime())}&groupBy=month`,
      { token: admin.token },
    );
    expect(res.status).toBe(200);
    year = res.body;
  }, 120_000);
  afterAll(() => t.close());

  it('opens and closes dossiers with amounts in most months of the last year', () => {
    const months = year.series;
    expect(months.length).toBeGreaterThanOrEqual(12);
    expect(months.filter((m) => m.opened > 0).length).toBeGreaterThanOrEqual(11);
    expect(months.filter((m) => m.closed > 0).length).toBeGreaterThanOrEqual(9);
    expect(months.filter((m) => m.estimatedCents > 0).length).toBeGreaterThanOrEqual(11);
    expect(months.filter((m) => m.obtainedCents > 0).length).toBeGreaterThanOrEqual(6);
  });

  it('gives every chart of the dashboard data', () => {
    expect(year.clients.new.value).toBeGreaterThan(100);
    expect(year.experts.new.value).toBeGreaterThan(0);
    expect(year.experts.pendingApproval).toBeGreaterThan(0);
    expect(year.experts.load).toBeGreaterThan(0);
    expect(Object.keys(year.dossiers.byStatus).length).toBeGreaterThanOrEqual(14);
    expect(year.dossiers.byProduct.filter((p) => p.opened > 0).length).toBeGreaterThanOrEqual(6);
    expect(year.dossiers.byRegion.filter((r) => r.opened > 0).length).toBeGreaterThanOrEqual(10);
    expect(Object.values(year.funnel).every((f) => f.value > 0)).toBe(true);
    expect(Object.values(year.amounts).every((a) => a.value > 0)).toBe(true);
    expect(Object.values(year.fees).every((f) => f.value > 0)).toBe(true);
    expect(year.leadTimes.filter((l) => l.count > 0).length).toBeGreaterThanOrEqual(10);
    expect(year.sla.met.value).toBeGreaterThan(0);
    expect(year.sla.breached.value).toBeGreaterThan(0);
    expect(year.expertFirstResponse.count).toBeGreaterThan(0);
  });

  it('leaves the aggregates the triggers kept equal to a full recount', async () => {
    expect(await differencesFromRecount(t)).toEqual([]);
  });

  it('does nothing when called again', async () => {
    const before = [await count('dossiers'), await count('users'), await count('simulations')];
    await seedDemoHistory(t.db, t.app.services.workflows.templates, t.clock.now());
    expect([await count('dossiers'), await count('users'), await count('simulations')]).toEqual(before);
  });
});
