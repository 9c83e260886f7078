/**
 * A report as CSV for French Excel: UTF-8 with a byte order mark (or accents come out garbled), `;` between fields
 * (`,` is the decimal separator there), CRLF line ends, RFC 4180 quoting.
 *
 * Layout: the title, subtitle lines and generation time, then every section one after the other: a line with its
 * title, then for figures a `label;value;previous` header and one line per figure, for a table its header line and
 * its rows (no total row: it is the sum of the lines above), then a blank line.
 *
 * Numbers are bare, so that Excel reads them as numbers: a decimal comma, no thousands separator, no unit. Euros are
 * euros with two decimals (`1234,56`) and percents are percentage points with one decimal (`45,2` for 0.452); the
 * header or label of such a column or figure says so with a ` (€)` or ` (%)` suffix. Hours and days keep up to two
 * decimals, a `decimal` (a rating) one; dates are `31/12/2026`; no value is an empty field. A text a spreadsheet
 * would run as a formula is led by an apostrophe (see `spreadsheetText`).
 */
import type { CellValue, ReportDocument, ValueFormat } from '../../../../common/reports.ts';
import { CSV_BOM, csvLine, spreadsheetText } from '../../../platform/csv.ts';
import { formatDate, generatedLine, reportWords } from './format.ts';

const decimal = (value: number, digits: number, fixed: boolean) => {
  const rounded = Number(value.toFixed(digits)) || 0; // no “-0,00”
  return (fixed ? rounded.toFixed(digits) : String(rounded)).replace('.', ',');
};

/** A number as French Excel reads it back, by format (a number in a date or text column is left as it is). */
const csvNumbers: Record<ValueFormat, (value: number) => string> = {
  int: (v) => decimal(v, 0, false),
  decimal: (v) => decimal(v, 1, true),
  eur: (v) => decimal(v / 100, 2, true),
  percent: (v) => decimal(v * 100, 1, true),
  hours: (v) => decimal(v, 2, false),
  days: (v) => decimal(v, 2, false),
  date: String,
  text: String,
};

/** A cell's field, by the conventions above. */
export function csvValue(value: CellValue | undefined, format: ValueFormat): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return format === 'date' ? formatDate(value) : spreadsheetText(value);
  return csvNumbers[format](value);
}

const unitSuffix: Partial<Record<ValueFormat, string>> = { eur: ' (€)', percent: ' (%)' };
/** A header or figure label, with the unit its numbers are written in. */
export const labelOf = (label: string, format: ValueFormat) =>
  spreadsheetText(label + (unitSuffix[format] ?? ''));

/** The report's CSV, a line at a time. */
export async function* reportCsv(doc: ReportDocument): AsyncIterable<string> {
  const words = reportWords(doc.locale);
  yield CSV_BOM + csvLine([spreadsheetText(doc.title)]);
  for (const line of doc.subtitle) yield csvLine([spreadsheetText(line)]);
  yield csvLine([generatedLine(doc)]);
  yield '\r\n';
  for (const section of doc.sections) {
    yield csvLine([spreadsheetText(section.title)]);
    if (section.kind === 'figures') {
      yield csvLine([words.figure, words.value, words.previous]);
      for (const f of section.figures) {
        yield csvLine([
          labelOf(f.label, f.format),
          csvValue(f.value, f.format),
          csvValue(f.previous, f.format),
        ]);
      }
    } else {
      yield csvLine(section.columns.map((c) => labelOf(c.label, c.format)));
      for (const row of section.rows)
        yield csvLine(section.columns.map((c) => csvValue(row[c.key], c.format)));
    }
    yield '\r\n';
  }
}
