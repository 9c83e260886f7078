import { type AdminMetrics, type MetricsGroupBy, metricsMaxDays } from '../../../common/admin-metrics.ts';
import { type DossierStatus, dossierStatuses } from '../../../common/dossier-lifecycle.ts';
import { regions } from '../../../common/reference.ts';
import { AppError } from '../../platform/errors.ts';
import { type Platform, Service } from '../../platform/service.ts';
import type { ProductsService } from '../products/products.service.ts';
import { type FlowTotals, type MetricRow, dashboardRepo as repo, type SeriesRow } from './dashboard.repo.ts';
import { histogramCount, histogramMedianMinutes } from './histogram.ts';
import { flowKeys, leftStatuses, seriesMetrics } from './metric-keys.ts';
import { bucketStarts, dayBefore, defaultGroupBy, previousPeriod, spanDays } from './metrics-period.ts';

export type DashboardDeps = Pick<Platform, 'db' | 'clock'> & { products: ProductsService };

/** Sums of the rows of one period, looked up by metric and dimension; histograms gathered once per metric. */
class Flows {
  private readonly sums = new Map<string, number>();
  private readonly histograms = new Map<string, Map<number, number>>();
  constructor(rows: readonly MetricRow[]) {
    for (const r of rows) {
      this.sums.set(`${r.metric}|${r.dim}|${r.dimValue}`, Number(r.value));
      if (r.dim !== 'bucket') continue;
      const counts = this.histograms.get(r.metric) ?? new Map<number, number>();
      counts.set(Number(r.dimValue), Number(r.value));
      this.histograms.set(r.metric, counts);
    }
  }
  get(metric: string, dim = 'all', value = ''): number {
    return this.sums.get(`${metric}|${dim}|${value}`) ?? 0;
  }
  histogram(metric: string): Map<number, number> {
    return this.histograms.get(metric) ?? new Map();
  }
}

/** Each value's flow between two running totals of its key. */
function differences(rows: readonly FlowTotals[], end: Bound, start: Bound): MetricRow[] {
  return rows.flatMap((r) =>
    [...new Set([...Object.keys(r[end]), ...Object.keys(r[start])])].map((dimValue) => ({
      metric: r.metric,
      dim: r.dim,
      dimValue,
      value: (r[end][dimValue] ?? 0) - (r[start][dimValue] ?? 0),
    })),
  );
}
type Bound = 'atTo' | 'beforeFrom' | 'beforePrevious';

function ratio(met: number, breached: number): number | null {
  return met + breached === 0 ? null : met / (met + breached);
}

/** The admin dashboard's figures, read from the aggregates the database's triggers keep (019_dashboard_metrics.sql). */
export class DashboardService extends Service<DashboardDeps> {
  /**
   * Applies the changes still pending to the aggregates now, rather than in the next minute's job or in the first
   * admin's read (after the demo data, over a second of the database's time).
   */
  async foldPending(): Promise<void> {
    await repo.fold(this.deps.db);
  }

  async metrics(query: { from: string; to: string; groupBy?: MetricsGroupBy }): Promise<AdminMetrics> {
    const { from, to } = query;
    if (spanDays(from, to) > metricsMaxDays) {
      throw new AppError(400, 'METRICS_PERIOD_TOO_LONG', `La période dépasse ${metricsMaxDays} jours`, {
        maxDays: metricsMaxDays,
      });
    }
    const previous = previousPeriod(from, to);
    const groupBy = query.groupBy ?? defaultGroupBy(from, to);
    const { db } = this.deps;
    await repo.fold(db);
    const [aggregates, products] = await Promise.all([
      repo.period(db, {
        keys: flowKeys,
        openStatuses: leftStatuses,
        seriesMetrics,
        from,
        to,
        beforeFrom: dayBefore(from),
        beforePrevious: dayBefore(previous.from),
        groupBy,
      }),
      this.deps.products.listActive(),
    ]);
    const { gauges: gaugeRows, totals, series: seriesRows } = aggregates;
    const gauges = new Flows(gaugeRows);
    const now = new Flows(differences(totals, 'atTo', 'beforeFrom'));
    const before = new Flows(differences(totals, 'beforeFrom', 'beforePrevious'));
    const count = (metric: string) => ({ value: now.get(metric), previous: before.get(metric) });
    const breakdown = (dim: 'product' | 'region', value: string) => ({
      open: gauges.get('open', dim, value),
      opened: now.get('dossiers.opened', dim, value),
      obtainedCents: now.get('amounts.obtained', dim, value),
    });
    const byStatus: Partial<Record<DossierStatus, number>> = {};
    for (const s of dossierStatuses) byStatus[s] = gauges.get(`status.${s}`);
    const firstResponse = (flows: Flows) => histogramMedianMinutes(flows.histogram('experts.first_response'));
    const medianHours = (flows: Flows, status: string) => {
      const minutes = histogramMedianMinutes(flows.histogram(`lead.${status}`));
      return minutes === null ? null : minutes / 60;
    };
    return {
      period: { from, to, previousFrom: previous.from, previousTo: previous.to, groupBy },
      generatedAt: this.deps.clock.now().toISOString(),
      clients: { total: gauges.get('clients.active'), new: count('clients.new') },
      experts: {
        active: gauges.get('experts.active'),
        pendingApproval: gauges.get('experts.pending'),
        new: count('experts.new'),
        load: gauges.get('experts.load'),
        capacity: gauges.get('experts.capacity'),
      },
      dossiers: {
        opened: count('dossiers.opened'),
        closed: count('dossiers.closed'),
        byStatus,
        byProduct: products.map((p) => ({ productCode: p.code, ...breakdown('product', p.code) })),
        byRegion: regions.map((region) => ({ region, ...breakdown('region', region) })),
      },
      amounts: {
        estimatedCents: count('amounts.estimated'),
        auditedCents: count('amounts.audited'),
        grantedCents: count('amounts.granted'),
        obtainedCents: count('amounts.obtained'),
      },
      fees: {
        obtainedCents: count('amounts.obtained'),
        expertFeesCents: count('fees.expert'),
        platformFeesCents: count('fees.platform'),
        expertNetCents: count('fees.expert_net'),
        vatCents: count('fees.vat'),
      },
      funnel: {
        simulations: count('simulations.created'),
        dossiers: count('dossiers.opened'),
        expertAssigned: count('dossiers.expert_assigned'),
        refunded: count('dossiers.refunded'),
      },
      leadTimes: leftStatuses.map((status) => ({
        status,
        medianHours: { value: medianHours(now, status), previous: medianHours(before, status) },
        count: histogramCount(now.histogram(`lead.${status}`)),
      })),
      sla: {
        met: count('sla.met'),
        breached: count('sla.breached'),
        compliance: {
          value: ratio(now.get('sla.met'), now.get('sla.breached')),
          previous: ratio(before.get('sla.met'), before.get('sla.breached')),
        },
      },
      expertFirstResponse: {
        medianMinutes: { value: firstResponse(now), previous: firstResponse(before) },
        count: histogramCount(now.histogram('experts.first_response')),
      },
      series: this.series(seriesRows, from, to, groupBy),
    };
  }

  /** Every bucket of the period, those that did not move at zero. */
  private series(rows: readonly SeriesRow[], from: string, to: string, groupBy: MetricsGroupBy) {
    const moved = new Map(rows.map((r) => [r.bucket, r]));
    return bucketStarts(from, to, groupBy).map((bucket) => {
      const row = moved.get(bucket);
      return {
        bucket,
        opened: row?.opened ?? 0,
        closed: row?.closed ?? 0,
        estimatedCents: row?.estimatedCents ?? 0,
        obtainedCents: row?.obtainedCents ?? 0,
      };
    });
  }
}
