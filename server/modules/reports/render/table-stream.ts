/**
 * A long list (an export of thousands of rows) written page by page as CSV or XLSX, never whole in memory: the same
 * cells as a report's tables (csv.ts, xlsx.ts), with the rows streamed from the list's pages.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CellValue, ReportColumn } from '../../../../common/reports.ts';
import { CSV_BOM, csvLine } from '../../../platform/csv.ts';
import { csvValue, labelOf } from './csv.ts';
import { excelValue, headerFill, numFmts, sheetName } from './xlsx.ts';

type Pages = AsyncIterable<Record<string, CellValue>[]>;

/** The header line, then the rows' lines, a page at a time. */
export async function* tableCsv(columns: readonly ReportColumn[], pages: Pages): AsyncIterable<string> {
  yield CSV_BOM + csvLine(columns.map((c) => labelOf(c.label, c.format)));
  for await (const page of pages) {
    let chunk = '';
    for (const row of page) chunk += csvLine(columns.map((c) => csvValue(row[c.key], c.format)));
    yield chunk;
  }
}

/** One sheet: a bold frozen header with a filter, typed cells (euros, dates), each row committed as it comes. */
export async function writeTableXlsx(
  title: string,
  columns: readonly ReportColumn[],
  pages: Pages,
  output: Writable,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true });
  const sheet = workbook.addWorksheet(sheetName(title, new Set(), 'Liste'), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = columns.map((c) => {
    const numFmt = numFmts[c.format];
    return { key: c.key, width: c.format === 'text' ? 28 : 16, style: numFmt ? { numFmt } : {} };
  });
  const header = sheet.addRow(columns.map((c) => c.label));
  header.font = { bold: true };
  header.fill = headerFill;
  header.commit();
  sheet.autoFilter = `A1:${sheet.getColumn(columns.length).letter}1`;
  for await (const page of pages) {
    for (const row of page) sheet.addRow(columns.map((c) => excelValue(row[c.key], c.format))).commit();
  }
  sheet.commit();
  await workbook.commit();
}
