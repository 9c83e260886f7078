import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { columnTotal } from '../../../../common/report-cells.ts';
import type {
  CellValue,
  ReportColumn,
  ReportDocument,
  ReportSection,
  ReportTable,
  ValueFormat,
} from '../../../../common/reports.ts';
import { formatValue, generatedLine, type ReportLocale, reportWords } from './format.ts';

/** Excel's number format of each value format (none for a text). */
export const numFmts: Record<ValueFormat, string | undefined> = {
  int: '#,##0',
  decimal: '0.0',
  eur: '#,##0.00 "€"',
  percent: '0.0 %',
  hours: '0.0',
  days: '0.0',
  date: 'dd/mm/yyyy',
  text: undefined,
};

export const headerFill: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EDF4' } };

/** A cell as Excel stores it: euros from cents, a ratio for a percent, a date at midnight UTC (Excel's serial day). */
export function excelValue(value: CellValue | undefined, format: ValueFormat): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return format === 'eur' ? value / 100 : value;
  const day = format === 'date' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  return day ? new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]))) : value;
}

/**
 * A sheet name Excel accepts, from a section title: none of []:*?/\, not led or ended by an apostrophe, at most 31
 * characters, unique in the workbook regardless of case (a ` (2)` suffix otherwise). `taken` holds the lowercased
 * names already used, and gets this one.
 */
export function sheetName(title: string, taken: Set<string>, fallback: string): string {
  const clean = (text: string) =>
    text
      .replace(/[/\\]/g, '-')
      .replace(/[[\]:*?]/g, ' ')
      .replace(/\s+/g, ' ')
      .replace(/^[\s']+|[\s']+$/g, '');
  const base = clean(title) || fallback;
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : ` (${n})`;
    const name = clean(base.slice(0, 31 - suffix.length)) + suffix;
    if (!taken.has(name.toLowerCase())) {
      taken.add(name.toLowerCase());
      return name;
    }
  }
}

/** A width in characters fitting the header and the longest value as the PDF writes it. */
function columnWidth(column: ReportColumn, table: ReportTable, locale: ReportLocale): number {
  let longest = column.label.length;
  for (const row of table.rows) {
    longest = Math.max(longest, formatValue(row[column.key], column.format, locale).length);
  }
  return Math.min(60, Math.max(10, longest + 2));
}

/** The first sheet: title, parameters and generation time, every key figure typed, then the tables' sheets. */
function writeSummary(workbook: ExcelJS.stream.xlsx.WorkbookWriter, doc: ReportDocument, tables: Sheet[]) {
  const words = reportWords(doc.locale);
  const sheet = workbook.addWorksheet(words.summary);
  sheet.columns = [{ width: 48 }, { width: 22 }, { width: 22 }];
  const add = (values: ExcelJS.CellValue[], font?: Partial<ExcelJS.Font>) => {
    const row = sheet.addRow(values);
    if (font) row.font = font;
    return row;
  };
  add([doc.title], { bold: true, size: 16 }).commit();
  for (const line of doc.subtitle) add([line]).commit();
  add([generatedLine(doc)], { italic: true, color: { argb: 'FF6B7280' } }).commit();
  for (const section of doc.sections) {
    if (section.kind !== 'figures') continue;
    add([]).commit();
    add([section.title], { bold: true, size: 12 }).commit();
    add([words.figure, words.value, words.previous], { bold: true }).commit();
    for (const figure of section.figures) {
      const row = add([
        figure.label,
        excelValue(figure.value, figure.format),
        excelValue(figure.previous, figure.format),
      ]);
      const numFmt = numFmts[figure.format];
      if (numFmt) for (const cell of [row.getCell(2), row.getCell(3)]) cell.numFmt = numFmt;
      row.commit();
    }
  }
  if (tables.length) {
    add([]).commit();
    add([words.contents], { bold: true, size: 12 }).commit();
    for (const { name, section } of tables) add([name, section.note ?? null]).commit();
  }
  sheet.commit();
}

/** One table on its sheet: a bold frozen header with a filter, typed cells, then a total row of SUM formulas. */
function writeTable(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  { name, section }: Sheet,
  locale: ReportLocale,
) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const { columns, rows } = section;
  sheet.columns = columns.map((c) => {
    const numFmt = numFmts[c.format];
    return { key: c.key, width: columnWidth(c, section, locale), style: numFmt ? { numFmt } : {} };
  });
  const letters = columns.map((_, i) => sheet.getColumn(i + 1).letter);
  const header = sheet.addRow(columns.map((c) => c.label));
  header.font = { bold: true };
  header.fill = headerFill;
  header.commit();
  sheet.autoFilter = `A1:${letters.at(-1)}1`;
  for (const row of rows) sheet.addRow(columns.map((c) => excelValue(row[c.key], c.format))).commit();
  if (rows.length && columns.some((c) => c.total)) {
    const last = rows.length + 1;
    const totals = columns.map((c, i): ExcelJS.CellValue => {
      if (!c.total) return i === 0 ? reportWords(locale).total : null;
      const result = excelValue(columnTotal(rows, c.key) ?? 0, c.format) as number;
      return { formula: `SUM(${letters[i]}2:${letters[i]}${last})`, result };
    });
    const total = sheet.addRow(totals);
    total.font = { bold: true };
    total.commit();
  }
  sheet.commit();
}

type Sheet = { name: string; section: ReportTable };

const isTable = (section: ReportSection): section is ReportTable => section.kind === 'table';

/**
 * The report as an XLSX workbook streamed to `output`: a summary sheet (title, parameters, key figures, the list of
 * tables), then one sheet per table. Resolves once the workbook is fully written to `output`.
 */
export async function writeReportXlsx(doc: ReportDocument, output: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true });
  workbook.creator = 'FinancialTracker';
  workbook.title = doc.title;
  workbook.created = new Date(doc.generatedAt);
  const words = reportWords(doc.locale);
  // Excel reserves “History” for its change tracking.
  const taken = new Set([words.summary.toLowerCase(), 'history']);
  const tables = doc.sections
    .filter(isTable)
    .map((section, i) => ({ name: sheetName(section.title, taken, `${words.table} ${i + 1}`), section }));
  writeSummary(workbook, doc, tables);
  for (const table of tables) writeTable(workbook, table, doc.locale);
  await workbook.commit();
}
