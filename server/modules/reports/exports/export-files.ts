import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CellValue, ReportColumn, ReportDocument, ReportFormat } from '../../../../common/reports.ts';
import { reportCsv } from '../render/csv.ts';

// The PDF and spreadsheet writers load with the first file that needs them: pdfkit and exceljs would hold 18 MB of
// every instance's heap (and a second of its start) for the few that write reports.
const pdfRenderer = () => import('../render/pdf.ts');
const xlsxRenderer = () => import('../render/xlsx.ts');
const tableWriters = () => import('../render/table-stream.ts');

/** Bytes of a file being written: what the storage streams into a blob. */
export type FileBytes = Readable;

/** A streaming writer's output as a readable stream; the writer's failure destroys it (the blob is not kept). */
function writtenBy(write: (output: PassThrough) => Promise<void>): FileBytes {
  const output = new PassThrough();
  write(output).then(
    () => output.end(),
    (error: unknown) => output.destroy(error as Error),
  );
  return output;
}

const utf8 = (lines: AsyncIterable<string>) =>
  Readable.from(
    (async function* () {
      for await (const line of lines) yield Buffer.from(line, 'utf8');
    })(),
  );

export function reportFile(doc: ReportDocument, format: ReportFormat): FileBytes {
  if (format === 'pdf')
    return writtenBy(async (output) =>
      pipeline((await pdfRenderer()).renderReportPdf(doc), output, { end: false }),
    );
  if (format === 'xlsx')
    return writtenBy(async (output) => (await xlsxRenderer()).writeReportXlsx(doc, output));
  return utf8(reportCsv(doc));
}

export function listFile(
  title: string,
  columns: readonly ReportColumn[],
  pages: AsyncIterable<Record<string, CellValue>[]>,
  format: 'csv' | 'xlsx',
): FileBytes {
  if (format === 'xlsx')
    return writtenBy(async (output) => (await tableWriters()).writeTableXlsx(title, columns, pages, output));
  return utf8(
    (async function* () {
      yield* (await tableWriters()).tableCsv(columns, pages);
    })(),
  );
}
