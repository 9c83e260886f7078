import { sql } from 'kysely';
import type { MetricsGroupBy } from '../../../common/admin-metrics.ts';
import type { Executor } from '../../db/pool.ts';
import { dashboardRepo, type FlowKey, type FlowTotals } from '../dashboard/dashboard.repo.ts';
import { histogramMetrics, leftStatuses, totalMetrics } from '../dashboard/metric-keys.ts';
import { dayBefore, previousPeriod } from '../dashboard/metrics-period.ts';
import type { FlowRow, FlowsQuery } from './report-flows.repo.ts';

/** The flows of new accounts and simulations are kept in total only; the others by product and region too. */
const platformWide = ['clients.new', 'experts.new', 'simulations.created'];
const brokenDown = totalMetrics.filter((metric) => !platformWide.includes(metric));

const reportKeys: FlowKey[] = [
  ...totalMetrics.map((metric) => ({ metric, dim: 'all' })),
  ...brokenDown.flatMap((metric) => [
    { metric, dim: 'product' },
    { metric, dim: 'region' },
  ]),
  ...histogramMetrics.map((metric) => ({ metric, dim: 'bucket' })),
];

const grainOf = { all: 'bucket', bucket: 'bucket', product: 'product', region: 'region' } as const;

/** A key's flows over a period: the running totals at its end minus those the day before it starts. */
function flowRows(t: FlowTotals, period: 'current' | 'previous', end: Bound, start: Bound): FlowRow[] {
  const dim = t.dim as keyof typeof grainOf;
  return [...new Set([...Object.keys(t[end]), ...Object.keys(t[start])])].map((dimValue) => ({
    metric: t.metric,
    grain: grainOf[dim],
    period,
    bucket: dim === 'bucket' ? dimValue : '',
    product: dim === 'product' ? dimValue : null,
    region: dim === 'region' ? dimValue : null,
    seriesBucket: null,
    value: (t[end][dimValue] ?? 0) - (t[start][dimValue] ?? 0),
  }));
}
type Bound = 'atTo' | 'beforeFrom' | 'beforePrevious';

/**
 * The platform-wide flows of a period read from the dashboard's aggregates (019, 025): the same rows a recount of
 * the base tables gives (report-flows.repo.ts), in milliseconds instead of a pass over every status change.
 */
export const reportAggregatesRepo = {
  async flows(db: Executor, query: Omit<FlowsQuery, 'scope'>): Promise<FlowRow[]> {
    const { from, to, groupBy } = query;
    await dashboardRepo.fold(db);
    const [{ totals }, series] = await Promise.all([
      dashboardRepo.period(db, {
        keys: reportKeys,
        openStatuses: leftStatuses,
        seriesMetrics: {
          opened: 'dossiers.opened',
          closed: 'dossiers.closed',
          estimatedCents: 'amounts.estimated',
          obtainedCents: 'amounts.obtained',
        },
        from,
        to,
        beforeFrom: dayBefore(from),
        beforePrevious: dayBefore(previousPeriod(from, to).from),
        groupBy,
      }),
      reportAggregatesRepo.series(db, from, to, groupBy),
    ]);
    return [
      ...totals.flatMap((t) => [
        ...flowRows(t, 'current', 'atTo', 'beforeFrom'),
        ...flowRows(t, 'previous', 'beforeFrom', 'beforePrevious'),
      ]),
      ...series,
    ];
  },

  /** Every total flow summed per bucket of the period. */
  async series(db: Executor, from: string, to: string, groupBy: MetricsGroupBy): Promise<FlowRow[]> {
    const { rows } = await sql<FlowRow>`
      SELECT metric, 'series' AS grain, NULL AS period, NULL AS bucket, NULL AS product, NULL AS region,
             date_trunc(${groupBy}, day::timestamp)::date::text AS "seriesBucket", sum(value)::bigint AS value
        FROM metric_daily
       WHERE dim = 'all' AND day BETWEEN ${from}::date AND ${to}::date
       GROUP BY metric, 7`.execute(db);
    return rows;
  },
};
