import type { CellValue, ReportFigure, ValueFormat } from '../../../../common/reports.ts';
import { type Trend, trendOf } from '../../shared/trend.ts';
import { localeOf } from './words.ts';

type NumberFormat = Exclude<ValueFormat, 'date' | 'text'>;

function numberFormats(locale: string, compact: boolean): Record<NumberFormat, Intl.NumberFormat> {
  const base: Intl.NumberFormatOptions = compact ? { notation: 'compact', maximumFractionDigits: 1 } : {};
  const unit = (unit: string) =>
    new Intl.NumberFormat(locale, {
      maximumFractionDigits: 1,
      ...base,
      style: 'unit',
      unit,
      unitDisplay: 'short',
    });
  return {
    int: new Intl.NumberFormat(locale, { maximumFractionDigits: 0, ...base }),
    decimal: new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, ...base }),
    eur: new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR', ...base }),
    percent: new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1, ...base }),
    hours: unit('hour'),
    days: unit('day'),
  };
}

export type CellFormatter = (value: CellValue | undefined, format: ValueFormat) => string;

/**
 * How the page writes a report's cells, as the PDF and the XLSX do: `12 345`, `4,5`, `1 234,56 €` (from cents),
 * `45,2 %` (from a ratio), `12,5 h`, `3 j`, a day as `31 déc. 2026`; a dash for no value, a text as it is.
 * `compact` shortens numbers for a chart's axis (`1,2 M €`).
 */
export function cellFormatter(language: string, { compact = false } = {}): CellFormatter {
  const numbers = numberFormats(localeOf(language), compact);
  const day = new Intl.DateTimeFormat(localeOf(language), { dateStyle: 'medium', timeZone: 'UTC' });
  return (value, format) => {
    if (value === null || value === undefined) return '—';
    if (typeof value === 'string') {
      const date = format === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value);
      return date ? day.format(new Date(`${value}T00:00:00Z`)) : value;
    }
    if (format === 'date' || format === 'text') return String(value);
    return numbers[format].format(format === 'eur' ? value / 100 : value);
  };
}

/** Formats whose cells are numbers: right-aligned, summable, drawn on a chart. */
export const isNumeric = (format: ValueFormat) => format !== 'date' && format !== 'text';

/** The sum of a column's numbers (its total row); null when it holds none. */
export function columnTotal(rows: Record<string, CellValue>[], key: string): number | null {
  let total: number | null = null;
  for (const row of rows) {
    const value = row[key];
    if (typeof value === 'number') total = (total ?? 0) + value;
  }
  return total;
}

/**
 * A figure against the previous period's: rates move in points. The document does not say which way is good news
 * (more dossiers opened is, more deadlines missed is not), so the trend is told without a tone.
 */
export function figureTrend({ value, previous, format }: ReportFigure): Trend | null {
  if (typeof value !== 'number' || typeof previous !== 'number') return null;
  const trend = trendOf(value, previous, { points: format === 'percent' });
  return trend && { ...trend, tone: 'neutral' };
}
