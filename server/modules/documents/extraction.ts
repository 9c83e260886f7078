import { docxText, odsSheets, odtText, xlsxSheets } from './extract-office.ts';
import { extractPdf } from './extract-pdf.ts';
import { ocrReadable } from './extractable-types.ts';
import { cleanText, type Extraction, sectionsAsPages } from './extracted-text.ts';
import { type OcrOptions, OcrUnavailableError, ocrImage } from './ocr.ts';

/**
 * The text of a file, page by page, by its type (told by its bytes at upload). Throws when the file cannot be read
 * (corrupt, truncated): the caller records the failure. Runs in the extraction worker (extraction.worker.ts).
 */
export async function extractText(
  bytes: Uint8Array,
  mimeType: string,
  ocr: OcrOptions,
  deadline: number,
): Promise<Extraction> {
  switch (mimeType) {
    case 'application/pdf':
      return extractPdf(bytes, ocr, deadline);
    case 'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
      return sectionsAsPages([await docxText(bytes)]);
    case 'application/vnd.oasis.opendocument.text':
      return sectionsAsPages([await odtText(bytes)]);
    case 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet':
      return sectionsAsPages(await xlsxSheets(bytes));
    case 'application/vnd.oasis.opendocument.spreadsheet':
      return sectionsAsPages(await odsSheets(bytes));
    case 'text/csv':
    case 'text/plain':
      return sectionsAsPages([new TextDecoder('utf-8').decode(bytes)]);
    default:
      if (ocrReadable.has(mimeType)) return readPicture(bytes, ocr, deadline);
      return { status: 'not_extracted', reason: `no text extractor for ${mimeType}` };
  }
}

async function readPicture(bytes: Uint8Array, ocr: OcrOptions, deadline: number): Promise<Extraction> {
  try {
    const text = cleanText(await ocrImage(bytes, ocr, deadline - Date.now()));
    return { status: 'done', pageCount: 1, pages: [text] };
  } catch (error) {
    if (error instanceof OcrUnavailableError)
      return { status: 'not_extracted', reason: 'picture and no OCR' };
    throw error;
  }
}
