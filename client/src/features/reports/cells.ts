import { numberFormats } from '../../../../common/report-cells.ts';
import type { CellValue, ReportFigure, ValueFormat } from '../../../../common/reports.ts';
import { dateTimeFormat } from '../../lib/intl.ts';
import { type Trend, trendOf } from '../../shared/trend.ts';
import { localeOf } from './words.ts';

export type CellFormatter = (value: CellValue | undefined, format: ValueFormat) => string;

/**
 * How the page writes a report's cells, as the PDF and the XLSX do: `12 345`, `4,5`, `1 234,56 €` (from cents),
 * `45,2 %` (from a ratio), `12,5 h`, `3 j`, a day as `31 déc. 2026`; a dash for no value, a text as it is.
 * `compact` shortens numbers for a chart's axis (`1,2 M €`).
 */
export function cellFormatter(language: string, { compact = false } = {}): CellFormatter {
  const numbers = numberFormats(localeOf(language), compact);
  const day = dateTimeFormat(localeOf(language), { dateStyle: 'medium', timeZone: 'UTC' });
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

/**
 * A figure against the previous period's: rates move in points. The document does not say which way is good news
 * (more dossiers opened is, more deadlines missed is not), so the trend is told without a tone.
 */
export function figureTrend({ value, previous, format }: ReportFigure): Trend | null {
  if (typeof value !== 'number' || typeof previous !== 'number') return null;
  const trend = trendOf(value, previous, { points: format === 'percent' });
  return trend && { ...trend, tone: 'neutral' };
}
