import type { MetricsGroupBy, MetricsPreset } from '../../../../common/admin-metrics.ts';
import { daysIn, type PeriodRange, rangeParams, readRange } from '../../shared/period.ts';

// The contract's buckets, repeated as a types-checked value (period.test.ts checks they match).
export const groupBys = ['day', 'week', 'month'] as const satisfies MetricsGroupBy[];

/** The period the dashboard shows: a preset turned into Paris days, both included, and the bucket of its series. */
export type Period = PeriodRange & { groupBy: MetricsGroupBy };

/** The bucket that keeps a period's series readable: days up to two months, weeks up to a year, months beyond. */
export function defaultGroupBy(from: string, to: string): MetricsGroupBy {
  const days = daysIn(from, to);
  return days <= 62 ? 'day' : days <= 366 ? 'week' : 'month';
}

const presetGroupBy: Partial<Record<MetricsPreset, MetricsGroupBy>> = { year: 'month' };

/** The bucket a period gets until the admin picks another: a year by month, else by its length. */
export const usualGroupBy = (range: PeriodRange): MetricsGroupBy =>
  presetGroupBy[range.preset] ?? defaultGroupBy(range.from, range.to);

/** The period the URL asks for (`period`, `from`, `to`, `groupBy`), the default where it asks for nothing valid. */
export function readPeriod(params: URLSearchParams, today: string): Period {
  const range = readRange(params, today);
  const asked = params.get('groupBy') as MetricsGroupBy | null;
  return { ...range, groupBy: asked && groupBys.includes(asked) ? asked : usualGroupBy(range) };
}

/** The URL parameters of a period: the dates only for custom periods, the bucket only when not the usual one. */
export function periodParams(period: Period): Record<string, string> {
  const params = rangeParams(period);
  if (period.groupBy !== usualGroupBy(period)) params.groupBy = period.groupBy;
  return params;
}
