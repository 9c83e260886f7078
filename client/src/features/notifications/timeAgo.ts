import { dateTimeFormat, relativeTimeFormat } from '../../lib/intl.ts';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long ago `iso` was, as people say it ("il y a 5 minutes", "hier"), up to a week; the date beyond. Seconds
 * count as "now": a notification's time is read at a glance.
 */
export function timeAgo(iso: string, locale: string, now = new Date()): string {
  const seconds = Math.max(0, (now.getTime() - new Date(iso).getTime()) / 1000);
  if (seconds >= 7 * DAY) return dateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso));
  const format = relativeTimeFormat(locale, { numeric: 'auto' });
  if (seconds < MINUTE) return format.format(0, 'second');
  const [unit, size] =
    seconds < HOUR
      ? (['minute', MINUTE] as const)
      : seconds < DAY
        ? (['hour', HOUR] as const)
        : (['day', DAY] as const);
  return format.format(-Math.floor(seconds / size), unit);
}
