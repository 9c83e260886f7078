import { numberFormats } from '../../../../common/report-cells.ts';
import type { CellValue, ReportDocument, ValueFormat } from '../../../../common/reports.ts';

export type ReportLocale = ReportDocument['locale'];

const tags: Record<ReportLocale, string> = { fr: 'fr-FR', en: 'en-GB' };

/** The words a rendered report adds around the document's own labels. */
const words = {
  fr: {
    noValue: '—',
    noData: 'Aucune donnée',
    total: 'Total',
    previous: 'Période précédente',
    previousValue: (value: string) => `Période précédente\u00A0: ${value}`,
    summary: 'Synthèse',
    figure: 'Indicateur',
    value: 'Valeur',
    table: 'Tableau',
    contents: 'Sommaire',
    page: (n: number, of: number) => `Page ${n} / ${of}`,
    generated: (day: string, time: string) => `Généré le ${day} à ${time}`,
  },
  en: {
    noValue: '—',
    noData: 'No data',
    total: 'Total',
    previous: 'Previous period',
    previousValue: (value: string) => `Previous period: ${value}`,
    summary: 'Summary',
    figure: 'Figure',
    value: 'Value',
    table: 'Table',
    contents: 'Contents',
    page: (n: number, of: number) => `Page ${n} / ${of}`,
    generated: (day: string, time: string) => `Generated on ${day} at ${time}`,
  },
};

export const reportWords = (locale: ReportLocale) => words[locale];

const formats = {
  fr: { full: numberFormats(tags.fr, false), compact: numberFormats(tags.fr, true) },
  en: { full: numberFormats(tags.en, false), compact: numberFormats(tags.en, true) },
};

/** A report date (`YYYY-MM-DD`: a day, so no time zone) as both fr-FR and en-GB write it: `31/12/2026`. */
export function formatDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.slice(0, 10));
  if (!match) return iso;
  const [, year, month, day] = match;
  return `${day}/${month}/${year}`;
}

/**
 * A cell as a reader sees it, in the locale's formats: `12 345`, `4,5` (a decimal), `1 234,56 €` (from cents),
 * `45,2 %` (from a ratio), `12,5 h`, `3 j`, `31/12/2026`. `compact` shortens numbers for chart axes (`1,2 M €`).
 * A value that does not fit its format (a text in a number column) is written as it is; no value is a dash.
 */
export function formatValue(
  value: CellValue | undefined,
  format: ValueFormat,
  locale: ReportLocale,
  options: { compact?: boolean } = {},
): string {
  if (value === null || value === undefined) return words[locale].noValue;
  if (typeof value === 'string') return format === 'date' ? formatDate(value) : value;
  if (format === 'date' || format === 'text') return String(value);
  const number = format === 'eur' ? value / 100 : value;
  return formats[locale][options.compact ? 'compact' : 'full'][format].format(number);
}

const parisDay = {
  fr: new Intl.DateTimeFormat(tags.fr, { timeZone: 'Europe/Paris', dateStyle: 'long' }),
  en: new Intl.DateTimeFormat(tags.en, { timeZone: 'Europe/Paris', dateStyle: 'long' }),
};
const parisTime = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  hour: '2-digit',
  minute: '2-digit',
});

/** “Généré le 1 décembre 2026 à 09:12” (Paris time). */
export function generatedLine(doc: Pick<ReportDocument, 'generatedAt' | 'locale'>): string {
  const at = new Date(doc.generatedAt);
  return words[doc.locale].generated(parisDay[doc.locale].format(at), parisTime.format(at));
}
