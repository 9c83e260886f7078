/** How a report's cells read, the same on the page (client) and in its files (server). */
import type { CellValue, ValueFormat } from './reports.ts';

export type NumberFormat = Exclude<ValueFormat, 'date' | 'text'>;

/**
 * The number formats of a locale (`fr-FR`, `en-GB`): `12 345`, `4,5`, `1 234,56 €` (given euros), `45,2 %` (given a
 * ratio), `12,5 h`, `3 j`. `compact` shortens them for a chart's axis (`1,2 M €`).
 */
export function numberFormats(tag: string, compact: boolean): Record<NumberFormat, Intl.NumberFormat> {
  const base: Intl.NumberFormatOptions = compact ? { notation: 'compact', maximumFractionDigits: 1 } : {};
  const unit = (unit: string) =>
    new Intl.NumberFormat(tag, {
      maximumFractionDigits: 1,
      ...base,
      style: 'unit',
      unit,
      unitDisplay: 'short',
    });
  return {
    int: new Intl.NumberFormat(tag, { maximumFractionDigits: 0, ...base }),
    decimal: new Intl.NumberFormat(tag, { minimumFractionDigits: 1, maximumFractionDigits: 1, ...base }),
    eur: new Intl.NumberFormat(tag, { style: 'currency', currency: 'EUR', ...base }),
    percent: new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 1, ...base }),
    hours: unit('hour'),
    days: unit('day'),
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
