import { PassThrough, Readable } from 'node:stream';
import type { CellValue, ReportColumn, ReportDocument, ReportFormat } from '../../../../common/reports.ts';
import { reportCsv } from '../render/csv.ts';
import { renderReportPdf } from '../render/pdf.ts';
import { tableCsv, writeTableXlsx } from '../render/table-stream.ts';
import { writeReportXlsx } from '../render/xlsx.ts';

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
  if (format === 'pdf') return renderReportPdf(doc);
  if (format === 'xlsx') return writtenBy((output) => writeReportXlsx(doc, output));
  return utf8(reportCsv(doc));
}

export function listFile(
  title: string,
  columns: readonly ReportColumn[],
  pages: AsyncIterable<Record<string, CellValue>[]>,
  format: 'csv' | 'xlsx',
): FileBytes {
  if (format === 'xlsx') return writtenBy((output) => writeTableXlsx(title, columns, pages, output));
  return utf8(tableCsv(columns, pages));
}
