/**
 * Real files of each accepted type, made by the test that needs them (documents: upload, extraction, search).
 *
 * The picture of text for OCR is drawn with @napi-rs/canvas (Skia, installed with pdf.js) in a system font, the way a
 * phone photo or a scanner gives text: pixels only. A PDF rendered by unpdf would use the same canvas, and a
 * hand-made bitmap font reads too badly for Tesseract to test anything.
 *
 * The same input gives the same bytes, and a dossier refuses the same file twice: vary the text.
 */
import { createCanvas } from '@napi-rs/canvas';
import { Document, Packer, Paragraph } from 'docx';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { pdfFile, pdfOf } from '../../server/db/seed/pdf-file.ts';

export { pdfFile };

export type Cell = string | number | null;
/** The rows of one sheet. */
export type Sheet = Cell[][];

/** A scanned PDF: each page one picture of its text, no text layer. */
export async function scannedPdfFile(pages: string[]): Promise<Buffer> {
  const pictures = await Promise.all(pages.map((text) => scannedPngFile(text)));
  return pdfOf((doc) => {
    for (const picture of pictures)
      doc.addPage({ size: 'A4', margin: 0 }).image(picture, 0, 0, { width: 595 });
  });
}

/** A PNG picture of the text (one line per `\n`), black on white, as a scanner would give it. */
export async function scannedPngFile(text: string): Promise<Buffer> {
  const lines = text.split('\n');
  const canvas = createCanvas(1600, 120 + lines.length * 70);
  const context = canvas.getContext('2d');
  context.fillStyle = 'white';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = 'black';
  context.font = '40px "DejaVu Sans"';
  for (const [i, line] of lines.entries()) context.fillText(line, 60, 90 + i * 70);
  return canvas.encode('png');
}

export const docxFile = (paragraphs: string[]): Promise<Buffer> =>
  Packer.toBuffer(new Document({ sections: [{ children: paragraphs.map((text) => new Paragraph(text)) }] }));

/** An Excel workbook, one worksheet per sheet given. */
export async function xlsxFile(...sheets: Sheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const [i, rows] of sheets.entries()) workbook.addWorksheet(`Feuille ${i + 1}`).addRows(rows);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const escapeXml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

const ODF_NAMESPACES =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" ' +
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ' +
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ' +
  'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" office:version="1.3"';

/** An OpenDocument package: the `mimetype` entry first and stored, as readers (and file-type) expect. */
async function odfPackage(mimeType: string, body: string): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('mimetype', mimeType, { compression: 'STORE' });
  zip.file(
    'content.xml',
    `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${ODF_NAMESPACES}><office:body>${body}</office:body></office:document-content>`,
  );
  zip.file(
    'META-INF/manifest.xml',
    `<?xml version="1.0" encoding="UTF-8"?><manifest:manifest ${ODF_NAMESPACES}>` +
      `<manifest:file-entry manifest:full-path="/" manifest:media-type="${mimeType}"/>` +
      '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
  );
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const odsCell = (cell: Cell) =>
  typeof cell === 'number'
    ? `<table:table-cell office:value-type="float" office:value="${cell}"><text:p>${cell}</text:p></table:table-cell>`
    : `<table:table-cell office:value-type="string"><text:p>${escapeXml(cell ?? '')}</text:p></table:table-cell>`;

/** An OpenDocument spreadsheet, one table per sheet given. */
export const odsFile = (...sheets: Sheet[]): Promise<Buffer> =>
  odfPackage(
    'application/vnd.oasis.opendocument.spreadsheet',
    `<office:spreadsheet>${sheets
      .map(
        (rows, i) =>
          `<table:table table:name="Feuille ${i + 1}">${rows
            .map((row) => `<table:table-row>${row.map(odsCell).join('')}</table:table-row>`)
            .join('')}</table:table>`,
      )
      .join('')}</office:spreadsheet>`,
  );

/** An OpenDocument text, one paragraph per string. */
export const odtFile = (paragraphs: string[]): Promise<Buffer> =>
  odfPackage(
    'application/vnd.oasis.opendocument.text',
    `<office:text>${paragraphs.map((p) => `<text:p>${escapeXml(p)}</text:p>`).join('')}</office:text>`,
  );

/** Semicolon-separated, as French spreadsheets export it. */
export const csvFile = (rows: Sheet): Buffer =>
  Buffer.from(
    rows
      .map((row) => row.map((cell) => `"${String(cell ?? '').replaceAll('"', '""')}"`).join(';'))
      .join('\n'),
  );

export const textFile = (text: string): Buffer => Buffer.from(text, 'utf8');
