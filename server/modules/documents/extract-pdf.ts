import { extractImages, extractText, getDocumentProxy } from 'unpdf';
import { cleanText, type Extraction, numberedPages } from './extracted-text.ts';
import { type OcrOptions, OcrUnavailableError, ocrImage } from './ocr.ts';

/** A page with less text than this in its text layer is taken for a scan (a page number, a stamp) and read by OCR. */
const MIN_TEXT_LAYER_CHARS = 20;

type Picture = Awaited<ReturnType<typeof extractImages>>[number];

/**
 * The text layer of each page (pdf.js through unpdf); a page without one is read by OCR from its largest picture,
 * the scan. The pictures come decoded by pdf.js itself: no canvas and no poppler needed. A scanned PDF without
 * Tesseract is "not extracted".
 */
export async function extractPdf(bytes: Uint8Array, ocr: OcrOptions, deadline: number): Promise<Extraction> {
  const pdf = await getDocumentProxy(bytes, { verbosity: 0 });
  try {
    const { totalPages, text } = await extractText(pdf, { mergePages: false });
    const pages = numberedPages(text);
    let ocrMissing = false;
    for (const [i, layer] of pages.entries()) {
      if (layer.length >= MIN_TEXT_LAYER_CHARS || ocrMissing) continue;
      const scan = largest(await extractImages(pdf, i + 1));
      if (!scan) continue;
      try {
        const read = cleanText(await ocrImage(grayPgm(scan), ocr, deadline - Date.now()));
        if (read.length > layer.length) pages[i] = read;
      } catch (error) {
        if (!(error instanceof OcrUnavailableError)) throw error;
        ocrMissing = true;
      }
    }
    if (ocrMissing && pages.every((page) => page.length < MIN_TEXT_LAYER_CHARS))
      return { status: 'not_extracted', reason: 'scanned PDF and no OCR' };
    return { status: 'done', pageCount: totalPages, pages: numberedPages(pages) };
  } finally {
    await pdf.loadingTask.destroy();
  }
}

const largest = (pictures: Picture[]): Picture | undefined =>
  pictures.reduce<Picture | undefined>(
    (best, p) => (!best || p.width * p.height > best.width * best.height ? p : best),
    undefined,
  );

/** A decoded picture as a binary PGM (grey levels, transparency over white), which Tesseract reads from stdin. */
function grayPgm({ data, width, height, channels }: Picture): Uint8Array {
  const header = Buffer.from(`P5\n${width} ${height}\n255\n`, 'ascii');
  const out = new Uint8Array(header.length + width * height);
  out.set(header);
  for (let i = 0, o = header.length; i < width * height; i++, o++) {
    const at = i * channels;
    const gray =
      channels === 1 ? data[at]! : 0.299 * data[at]! + 0.587 * data[at + 1]! + 0.114 * data[at + 2]!;
    const alpha = channels === 4 ? data[at + 3]! / 255 : 1;
    out[o] = Math.round(gray * alpha + 255 * (1 - alpha));
  }
  return out;
}
