import { numberFormat, relativeTimeFormat } from '../../lib/intl.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const intlLocale = (locale: string) => (locale === 'en' ? 'en-GB' : 'fr-FR');

/** The largest unit that reads naturally for a length of time, and how many of it (at least 1). */
function unitOf(ms: number): { value: number; unit: 'minute' | 'hour' | 'day' } {
  const abs = Math.abs(ms);
  if (abs >= 2 * DAY) return { value: Math.round(abs / DAY), unit: 'day' };
  if (abs >= HOUR) return { value: Math.round(abs / HOUR), unit: 'hour' };
  return { value: Math.max(1, Math.round(abs / MINUTE)), unit: 'minute' };
}

/** A length of time, short ("5 h", "3 j", "12 min"; "5 hr" in English) or long ("3 jours"). */
export function formatDuration(ms: number, locale: string, display: 'short' | 'long' = 'short'): string {
  const { value, unit } = unitOf(ms);
  return numberFormat(intlLocale(locale), { style: 'unit', unit, unitDisplay: display }).format(value);
}

/**
 * Where a deadline stands from `now`: still ahead ("dans 2 jours", "in 2 days"), with `late` false, or passed, with
 * how late ("5 h") and `late` true.
 */
export function deadline(dueAt: string, locale: string, now = new Date()): { late: boolean; text: string } {
  const ms = new Date(dueAt).getTime() - now.getTime();
  if (ms < 0) return { late: true, text: formatDuration(-ms, locale) };
  const { value, unit } = unitOf(ms);
  return { late: false, text: relativeTimeFormat(intlLocale(locale)).format(value, unit) };
}
