import type { MetricsGroupBy } from '../../../../common/admin-metrics.ts';
import { dateTimeFormat } from '../../lib/intl.ts';
import { addDays, addMonths } from '../../shared/period.ts';

/**
 * The days a bucket of the series covers within the period: a week or a month may start before the period
 * (buckets begin on a Monday, on the 1st) or end after it, and a click on it opens the dossiers of those days only.
 */
export function bucketRange(bucket: string, groupBy: MetricsGroupBy, period: { from: string; to: string }) {
  const last = { day: bucket, week: addDays(bucket, 6), month: addDays(addMonths(bucket, 1), -1) }[groupBy];
  // biome-ignore lint/complexity/useMathMinMax: ISO dates, compared as strings
  return { from: bucket < period.from ? period.from : bucket, to: last > period.to ? period.to : last };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatDay(iso: string, locale: string, options: Intl.DateTimeFormatOptions): string {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = dateTimeFormat(locale, { ...options, timeZone: 'UTC' });
    formatters.set(key, format);
  }
  return format.format(new Date(`${iso}T00:00:00Z`));
}

/** A bucket's short name on the time axis: "3 déc." for a day or a week (its Monday), "déc. 2026" for a month. */
export function bucketTick(bucket: string, groupBy: MetricsGroupBy, locale: string): string {
  return groupBy === 'month'
    ? formatDay(bucket, locale, { month: 'short', year: 'numeric' })
    : formatDay(bucket, locale, { day: 'numeric', month: 'short' });
}

/** A day written out, as in a tooltip or a table: "3 décembre 2026". */
export function longDay(iso: string, locale: string): string {
  return formatDay(iso, locale, { day: 'numeric', month: 'long', year: 'numeric' });
}

/** A day in short, as in a period's summary: "3 déc. 2026". */
export function shortDay(iso: string, locale: string): string {
  return formatDay(iso, locale, { day: 'numeric', month: 'short', year: 'numeric' });
}
