import type { MetricsGroupBy } from '../../../common/admin-metrics.ts';

/** Calendar arithmetic on ISO dates (Paris days), in UTC so that no time zone moves a day. */
const dayMs = 86_400_000;

export function toDay(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / dayMs;
}

export function isoOf(day: number): string {
  return new Date(day * dayMs).toISOString().slice(0, 10);
}

export function spanDays(from: string, to: string): number {
  return toDay(to) - toDay(from) + 1;
}

export const dayBefore = (iso: string): string => isoOf(toDay(iso) - 1);

/** The period of the same length that ends the day before `from`. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const length = spanDays(from, to);
  return { from: isoOf(toDay(from) - length), to: isoOf(toDay(from) - 1) };
}

export function defaultGroupBy(from: string, to: string): MetricsGroupBy {
  const days = spanDays(from, to);
  return days <= 62 ? 'day' : days <= 366 ? 'week' : 'month';
}

function monthStart(iso: string): string {
  return `${iso.slice(0, 7)}-01`;
}

function nextMonth(iso: string): string {
  const d = new Date(`${monthStart(iso)}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

/** The first day of the series bucket holding `iso` (weeks start on Monday). */
function bucketStart(iso: string, groupBy: MetricsGroupBy): string {
  if (groupBy === 'day') return iso;
  if (groupBy === 'month') return monthStart(iso);
  const day = toDay(iso);
  const weekday = (new Date(day * dayMs).getUTCDay() + 6) % 7;
  return isoOf(day - weekday);
}

/** Every bucket start from the one holding `from` to the one holding `to`. */
export function bucketStarts(from: string, to: string, groupBy: MetricsGroupBy): string[] {
  const starts: string[] = [];
  let current = bucketStart(from, groupBy);
  while (current <= to) {
    starts.push(current);
    current =
      groupBy === 'day'
        ? isoOf(toDay(current) + 1)
        : groupBy === 'week'
          ? isoOf(toDay(current) + 7)
          : nextMonth(current);
  }
  return starts;
}
