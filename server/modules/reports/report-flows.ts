import { histogramCount, histogramMedianMinutes } from '../dashboard/histogram.ts';
import type { FlowRow } from './report-flows.repo.ts';

type Period = 'current' | 'previous';

/** The recounted flows of a report, looked up by metric, period and breakdown. */
export class ReportFlows {
  private readonly totals = new Map<string, number>();
  private readonly histograms = new Map<string, Map<number, number>>();
  private readonly breakdowns = new Map<string, Map<string, number>>();
  private readonly seriesValues = new Map<string, Map<string, number>>();

  constructor(rows: readonly FlowRow[]) {
    for (const r of rows) {
      const value = Number(r.value);
      if (r.grain === 'bucket') {
        const key = `${r.metric}|${r.period}`;
        this.totals.set(key, (this.totals.get(key) ?? 0) + value);
        if (r.bucket) add(this.histograms, key, Number(r.bucket), value);
      } else if (r.grain === 'series') {
        add(this.seriesValues, r.metric, r.seriesBucket!, value);
      } else if (r.period === 'current') {
        const dimValue = r.grain === 'product' ? r.product : r.region;
        if (dimValue !== null) add(this.breakdowns, `${r.metric}|${r.grain}`, dimValue, value);
      }
    }
  }

  total(metric: string, period: Period = 'current'): number {
    return this.totals.get(`${metric}|${period}`) ?? 0;
  }

  /** The median of a duration histogram in hours (the dashboard's bucket representative), null if empty. */
  medianHours(metric: string, period: Period = 'current'): number | null {
    const minutes = histogramMedianMinutes(this.histogram(metric, period));
    return minutes === null ? null : minutes / 60;
  }

  medianMinutes(metric: string, period: Period = 'current'): number | null {
    return histogramMedianMinutes(this.histogram(metric, period));
  }

  count(metric: string, period: Period = 'current'): number {
    return histogramCount(this.histogram(metric, period));
  }

  /** The current period's value of a metric for one product or region. */
  by(dim: 'product' | 'region', metric: string, value: string): number {
    return this.breakdowns.get(`${metric}|${dim}`)?.get(value) ?? 0;
  }

  /** The products or regions that moved in the current period (a flow of zero is no move). */
  keysOf(dim: 'product' | 'region'): Set<string> {
    const keys = new Set<string>();
    for (const [key, values] of this.breakdowns) {
      if (!key.endsWith(`|${dim}`)) continue;
      for (const [k, value] of values) if (value !== 0) keys.add(k);
    }
    return keys;
  }

  series(metric: string, bucket: string): number {
    return this.seriesValues.get(metric)?.get(bucket) ?? 0;
  }

  private histogram(metric: string, period: Period): Map<number, number> {
    return this.histograms.get(`${metric}|${period}`) ?? new Map();
  }
}

function add<K>(map: Map<string, Map<K, number>>, key: string, sub: K, value: number) {
  const inner = map.get(key) ?? new Map<K, number>();
  inner.set(sub, (inner.get(sub) ?? 0) + value);
  map.set(key, inner);
}

/** A share, null when there is nothing to share. */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/** The share of SLA steps completed on time. */
export function slaCompliance(flows: ReportFlows, period: Period = 'current'): number | null {
  const met = flows.total('sla.met', period);
  return rate(met, met + flows.total('sla.breached', period));
}
