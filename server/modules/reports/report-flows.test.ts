import { describe, expect, it } from 'vitest';
import { createDossier, login } from '../../../tests/support/factories.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import { dashboardData, hour, hourly, longSessions, toEligible } from '../dashboard/dashboard.factories.ts';
import { completeOpen } from '../workflows/workflow-engine.factories.ts';
import { financialSections } from './builders/financial.ts';
import { platformSections } from './builders/platform.ts';
import { reportAggregatesRepo } from './report-aggregates.repo.ts';
import { reportFlowsRepo } from './report-flows.repo.ts';
import { ReportFlows } from './report-flows.ts';
import { reportContext } from './report-sections.ts';

const { t } = appWith(
  async (app) => {
    const cast = await dashboardData(app);
    // A step with an SLA completed, so that the SLA flows move too.
    const dossier = await createDossier(app, cast.clientB, 'DFS');
    await hourly(app, dossier.id, toEligible(cast.admin).slice(0, 2));
    // Not at the instant of the change before: two status changes of one instant are ordered by their ids, which the
    // test's frozen clock leaves in no particular order (a trigger and a recount could then pair them differently).
    app.clock.advance(hour);
    await completeOpen(app, cast.admin, dossier.id);
    // Sunday 25 October 2026, 23:30 in Paris: the day the clocks went back is 25 hours long.
    app.clock.advance(new Date('2026-10-25T22:30:00Z').getTime() - app.clock.now().getTime());
    await createDossier(app, await login(app, cast.clientB.user.email), 'CEE');
    return cast;
  },
  { overrides: longSessions, setupTimeoutMs: 60_000 },
);

describe('a platform-wide period read from the aggregates and recounted from the base tables', () => {
  it.each([
    ['1–3 June', '2026-05-29', '2026-06-01', '2026-06-03', 'day' as const],
    ['2–3 June', '2026-05-31', '2026-06-02', '2026-06-03', 'day' as const],
    ['a year', '2024-06-04', '2025-06-04', '2026-06-03', 'month' as const],
    ['the day the clocks went back', '2026-10-24', '2026-10-25', '2026-10-25', 'day' as const],
  ])('gives the same report sections over %s', async (_, previousFrom, from, to, groupBy) => {
    const query = { previousFrom, from, to, groupBy, scope: {} };
    // One snapshot for both reads: background work of the setup (step clocks, notifications) may still write.
    const [aggregated, recounted] = await t.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => [
        await reportAggregatesRepo.flows(trx, query),
        await reportFlowsRepo.flows(trx, query),
      ]);
    const products = new Map([...(await t.app.services.products.listActive())].map((p) => [p.code, p.name]));
    const ctx = reportContext('fr', { from, to }, groupBy, products);
    const sections = (rows: typeof aggregated) => [
      ...platformSections(ctx, new ReportFlows(rows)),
      ...financialSections(ctx, new ReportFlows(rows)),
    ];
    expect(sections(aggregated)).toEqual(sections(recounted));
  });
});
