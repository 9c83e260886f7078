import { beforeAll, describe, expect, it } from 'vitest';
import type { AdminMetrics } from '../../../common/admin-metrics.ts';
import { createDossier } from '../../../tests/support/factories.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import { completeOpen } from '../workflows/workflow-engine.factories.ts';
import { dashboardData, hour, hourly, longSessions, toEligible } from './dashboard.factories.ts';

const { t, cast } = appWith(dashboardData, { overrides: longSessions, setupTimeoutMs: 60_000 });

async function metrics(query: string): Promise<AdminMetrics> {
  const res = await t.request('GET', `/api/admin/metrics?${query}`, { token: cast.admin.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

// The figures of the data set of `dashboardData` (see there), computed by hand.
describe('GET /api/admin/metrics over 1–3 June 2026', () => {
  let m: AdminMetrics;
  beforeAll(async () => {
    m = await metrics('from=2026-06-01&to=2026-06-03');
  });

  it('names the period, the previous one of the same length and the default grouping', () => {
    expect(m.period).toEqual({
      from: '2026-06-01',
      to: '2026-06-03',
      previousFrom: '2026-05-29',
      previousTo: '2026-05-31',
      groupBy: 'day',
    });
  });

  it('counts the clients and the experts', () => {
    expect(m.clients).toEqual({ total: 2, new: { value: 2, previous: 0 } });
    expect(m.experts).toEqual({
      active: 1,
      pendingApproval: 0,
      new: { value: 1, previous: 0 },
      load: 0,
      capacity: 10,
    });
  });

  it('counts the dossiers opened and closed, and the dossiers by status now', () => {
    expect(m.dossiers.opened).toEqual({ value: 4, previous: 0 });
    expect(m.dossiers.closed).toEqual({ value: 1, previous: 0 });
    expect(m.dossiers.byStatus).toMatchObject({ refunded: 2, draft: 1, cancelled: 1, eligible: 0 });
  });

  it('breaks the dossiers down by product', () => {
    const byProduct = Object.fromEntries(
      m.dossiers.byProduct.map(({ productCode, ...row }) => [productCode, row]),
    );
    expect(byProduct.TICPE).toEqual({ open: 2, opened: 2, obtainedCents: 1_000_005 });
    expect(byProduct.URSSAF).toEqual({ open: 1, opened: 2, obtainedCents: 0 });
    expect(byProduct.DFS).toEqual({ open: 0, opened: 0, obtainedCents: 0 });
  });

  it('breaks the dossiers down by region', () => {
    const byRegion = Object.fromEntries(m.dossiers.byRegion.map(({ region, ...row }) => [region, row]));
    expect(byRegion['auvergne-rhone-alpes']).toEqual({ open: 2, opened: 2, obtainedCents: 1_000_000 });
    expect(byRegion.bretagne).toEqual({ open: 1, opened: 2, obtainedCents: 5 });
    expect(byRegion.corse).toEqual({ open: 0, opened: 0, obtainedCents: 0 });
  });

  it('sums the amounts: estimated at opening, audited once accepted, granted, obtained', () => {
    expect(m.amounts).toEqual({
      estimatedCents: { value: 4_000_000, previous: 0 },
      auditedCents: { value: 1_200_010, previous: 0 },
      grantedCents: { value: 1_000_005, previous: 0 },
      obtainedCents: { value: 1_000_005, previous: 0 },
    });
  });

  it('computes the fee waterfall per dossier, rounded to the cent per dossier', () => {
    // €10,000.00 → fee €3,000.00 → platform €900.00 → net €2,100.00 → VAT €600.00; and 5 cents → fee 2 (1.5
    // rounded) → platform 1 (0.6) → net 1 → VAT 0 (0.4): 300,002 / 90,001 / 210,001 / 60,000, not 300,001 / … .
    expect(m.fees).toEqual({
      obtainedCents: { value: 1_000_005, previous: 0 },
      expertFeesCents: { value: 300_002, previous: 0 },
      platformFeesCents: { value: 90_001, previous: 0 },
      expertNetCents: { value: 210_001, previous: 0 },
      vatCents: { value: 60_000, previous: 0 },
    });
  });

  it('follows the funnel from dossier to refund', () => {
    expect(m.funnel).toEqual({
      simulations: { value: 0, previous: 0 },
      dossiers: { value: 4, previous: 0 },
      expertAssigned: { value: 2, previous: 0 },
      refunded: { value: 2, previous: 0 },
    });
  });

  it('reads the median lead time of each status from its histogram', () => {
    const lead = Object.fromEntries(m.leadTimes.map(({ status, ...row }) => [status, row]));
    // Three one-hour drafts: bucket (30, 60] min, whose midpoint is 45 min.
    expect(lead.draft).toEqual({ medianHours: { value: 0.75, previous: null }, count: 3 });
    // 30 min and 1 h: the lower median falls in bucket (15, 30], midpoint 22.5 min.
    expect(lead.expert_pending).toEqual({ medianHours: { value: 0.375, previous: null }, count: 2 });
    expect(lead.refunded).toEqual({ medianHours: { value: null, previous: null }, count: 0 });
  });

  it('reads the experts’ median first response', () => {
    expect(m.expertFirstResponse).toEqual({ medianMinutes: { value: 22.5, previous: null }, count: 1 });
  });

  it('fills every day of the series, with zeros on quiet days', () => {
    expect(m.series).toEqual([
      { bucket: '2026-06-01', opened: 1, closed: 0, estimatedCents: 1_000_000, obtainedCents: 1_000_000 },
      { bucket: '2026-06-02', opened: 0, closed: 0, estimatedCents: 0, obtainedCents: 0 },
      { bucket: '2026-06-03', opened: 3, closed: 1, estimatedCents: 3_000_000, obtainedCents: 5 },
    ]);
  });
});

describe('GET /api/admin/metrics over other periods', () => {
  it('compares a period with the previous one', async () => {
    const m = await metrics('from=2026-06-02&to=2026-06-03');
    expect(m.dossiers.opened).toEqual({ value: 3, previous: 1 });
    expect(m.amounts.obtainedCents).toEqual({ value: 5, previous: 1_000_000 });
  });

  it('keeps one day apart from the next', async () => {
    const m = await metrics('from=2026-06-01&to=2026-06-01');
    expect(m.dossiers.opened).toEqual({ value: 1, previous: 0 });
    expect(m.funnel.refunded).toEqual({ value: 1, previous: 0 });
  });

  it('groups the series by week and by month when asked', async () => {
    const byWeek = await metrics('from=2026-05-25&to=2026-06-03&groupBy=week');
    expect(byWeek.series.map((p) => [p.bucket, p.opened])).toEqual([
      ['2026-05-25', 0],
      ['2026-06-01', 4],
    ]);
    const byMonth = await metrics('from=2026-05-01&to=2026-06-30&groupBy=month');
    expect(byMonth.series.map((p) => [p.bucket, p.opened, p.closed])).toEqual([
      ['2026-05-01', 0, 0],
      ['2026-06-01', 4, 1],
    ]);
  });

  it('defaults to weeks beyond 62 days and to months beyond a year', async () => {
    expect((await metrics('from=2026-03-01&to=2026-06-03')).period.groupBy).toBe('week');
    expect((await metrics('from=2024-06-01&to=2026-06-03')).period.groupBy).toBe('month');
  });

  it('reads whole months and edge days alike over a year', async () => {
    const m = await metrics('from=2025-06-04&to=2026-06-03');
    expect(m.dossiers.opened.value).toBe(4);
    expect(m.fees.expertFeesCents.value).toBe(300_002);
    const june = await metrics('from=2026-06-01&to=2026-06-30');
    expect(june.amounts.estimatedCents.value).toBe(4_000_000);
  });
});

describe('GET /api/admin/metrics: SLA compliance', () => {
  beforeAll(async () => {
    // Monday 8 June, 10:00 in Paris: the admin completes D5's eligibility review (12 business hours) an hour after it
    // opened, D6's on Thursday at noon (27 business hours).
    t.clock.advance(new Date('2026-06-08T08:00:00Z').getTime() - t.clock.now().getTime());
    const [d5, d6] = await Promise.all([
      createDossier(t, cast.clientB, 'DFS'),
      createDossier(t, cast.clientB, 'FONCIER'),
    ]);
    for (const d of [d5, d6]) await hourly(t, d.id, toEligible(cast.admin).slice(0, 2));
    t.clock.advance(hour);
    await completeOpen(t, cast.admin, d5.id);
    t.clock.advance(new Date('2026-06-11T10:00:00Z').getTime() - t.clock.now().getTime());
    await completeOpen(t, cast.admin, d6.id);
  });

  it('counts the steps with an SLA completed on time (1–3 June: the expert’s answer to D2’s request)', async () => {
    const m = await metrics('from=2026-06-01&to=2026-06-03');
    expect(m.sla).toEqual({
      met: { value: 1, previous: 0 },
      breached: { value: 0, previous: 0 },
      compliance: { value: 1, previous: null },
    });
  });

  it('counts a step completed past its SLA as breached, on the day it completed', async () => {
    const m = await metrics('from=2026-06-08&to=2026-06-11');
    expect(m.sla).toEqual({
      met: { value: 1, previous: 0 },
      breached: { value: 1, previous: 0 },
      compliance: { value: 0.5, previous: null },
    });
  });
});
