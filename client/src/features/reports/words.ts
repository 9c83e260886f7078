import { dateTimeFormat, numberFormat } from '../../lib/intl.ts';
/** How the page writes moments, file sizes and durations in the reader's language. */
export const localeOf = (language: string) => (language === 'en' ? 'en-GB' : 'fr-FR');

/** A moment as read in Paris, where schedules run: "8 déc. 2026, 08:00". */
export function parisDateTime(iso: string, language: string): string {
  return dateTimeFormat(localeOf(language), {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Paris',
  }).format(new Date(iso));
}

/** A file's size: "12 ko", "1,2 Mo". */
export function fileSize(bytes: number, language: string): string {
  const [value, unit] =
    bytes < 1_000_000 ? [Math.max(1, bytes / 1000), 'kilobyte'] : [bytes / 1_000_000, 'megabyte'];
  return numberFormat(localeOf(language), {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: 1,
  }).format(value);
}

/** A run's duration: "850 ms", "12,4 s". */
export function runDuration(ms: number, language: string): string {
  const [value, unit] = ms < 1000 ? [ms, 'millisecond'] : [ms / 1000, 'second'];
  return numberFormat(localeOf(language), {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: 1,
  }).format(value);
}
