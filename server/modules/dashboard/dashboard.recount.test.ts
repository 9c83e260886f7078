import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  approvedExpert,
  createAdmin,
  createDossier,
  registerClient,
  registerExpert,
  type Session,
  transition,
} from '../../../tests/support/factories.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import { differencesFromRecount, longSessions, toEligible, toRefund } from './dashboard.factories.ts';
import { dashboardRepo } from './dashboard.repo.ts';

/** Walks a dossier through `steps`, stopping quietly at the first refusal (a concurrent change may win). */
async function race(
  t: Parameters<typeof transition>[0],
  id: string,
  steps: [Session, Record<string, unknown>][],
) {
  for (const [who, body] of steps) {
    if ((await transition(t, who, id, body)).status !== 200) return;
  }
}

const { t, cast } = appWith(
  async (t) => {
    const admin = await createAdmin(t);
    const experts = await Promise.all([approvedExpert(t, admin), approvedExpert(t, admin)]);
    return { admin, experts };
  },
  { overrides: { ...longSessions, databasePoolSize: 10 }, setupTimeoutMs: 60_000 },
);

describe('the aggregates under concurrent changes', () => {
  beforeAll(async () => {
    const { admin, experts } = cast;
    const clients = await Promise.all(Array.from({ length: 6 }, () => registerClient(t)));
    const dossiers = await Promise.all(
      clients.flatMap((c) => [createDossier(t, c, 'TICPE'), createDossier(t, c, 'URSSAF')]),
    );
    // A burst: every dossier walked at once by the admin, while people sign up and experts are approved.
    await Promise.all([
      ...dossiers.map((d, i) =>
        race(t, d.id, [
          ...toEligible(admin),
          [admin, { to: 'expert_pending', expertId: experts[i % 2]!.user.id }],
          [admin, { to: 'expert_assigned' }],
          ...toRefund(admin, { audited: 1_000 + i, granted: 900 + i, obtained: 333 * i }),
          [admin, { to: 'closed' }],
        ]),
      ),
      ...Array.from({ length: 4 }, () => registerClient(t)),
      ...Array.from({ length: 3 }, async () => approvedExpert(t, admin)),
      registerExpert(t),
    ]);
  }, 120_000);

  it('equal a full recount from the base tables', async () => {
    expect(await differencesFromRecount(t)).toEqual([]);
  });

  it('count every dossier of the burst', async () => {
    const res = await t.request('GET', '/api/admin/metrics?from=2026-05-01&to=2026-06-30', {
      token: cast.admin.token,
    });
    expect(res.body.dossiers.opened.value).toBe(12);
    expect(res.body.funnel.refunded.value).toBe(12);
    expect(res.body.experts).toMatchObject({ active: 5, pendingApproval: 1, capacity: 50 });
  });
});

describe('the backfill of migration 019', () => {
  it('rebuilds from the base tables exactly what the triggers kept', async () => {
    const snapshot = () =>
      sql`SELECT 'day' AS grain, metric, dim, dim_value, day::text AS at, value::text FROM metric_daily WHERE value <> 0
          UNION ALL SELECT 'running', metric, dim, '', day::text, totals::text FROM metric_running r
           WHERE EXISTS (SELECT 1 FROM metric_daily d
                          WHERE (d.metric, d.dim, d.day) = (r.metric, r.dim, r.day) AND d.value <> 0)
          UNION ALL SELECT 'now', metric, dim, dim_value, '', value::text FROM metric_gauges WHERE value <> 0
          ORDER BY 1, 2, 3, 4, 5`
        .execute(t.db)
        .then((r) => r.rows);
    await dashboardRepo.fold(t.db);
    const kept = await snapshot();
    await sql`DELETE FROM metric_daily; DELETE FROM metric_running; DELETE FROM metric_gauges`.execute(t.db);
    await sql`SELECT dashboard_rebuild()`.execute(t.db);
    expect(kept.length).toBeGreaterThan(50);
    expect(await snapshot()).toEqual(kept);
  });
});
