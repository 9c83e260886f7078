/**
 * Extraction throughput through the documents module's extraction function (extractText, as the extraction worker
 * runs it), in this process: pages a second for a 50-page PDF with a text layer (pdfkit), and for OCR of scanned
 * pages (pictures of text, PNG) when Tesseract is installed.
 */
import { loadConfig } from '../server/config.ts';
import { extractText } from '../server/modules/documents/extraction.ts';
import { pdfFile, scannedPngFile } from '../tests/support/document-files.ts';
import { pageText, seeded } from './documents-pages.ts';
import { round2 } from './support.ts';

const PDF_PAGES = 50;
// A scanned A4 page at a legible size: about 30 lines of 60 characters.
const SCAN_LINES = 30;
const SCAN_LINE_CHARS = 60;
const TIME_LIMIT_MS = 120_000;

export type ExtractionResults = {
  pdf: { pages_per_s: number; pages: number; runs: number };
  ocr: { pages_per_s: number; pages: number; words_read: number } | { skipped: string };
};

/** Runs `extract` `runs` times after one unmeasured run; pages a second over the measured runs. */
async function pagesPerSecond(runs: number, extract: () => Promise<number>) {
  await extract();
  let pages = 0;
  const started = performance.now();
  for (let i = 0; i < runs; i++) pages += await extract();
  return { pages, pages_per_s: round2(pages / ((performance.now() - started) / 1000)) };
}

function scanLines(random: () => number): string {
  const words = pageText(random, '').replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (lines.length === SCAN_LINES) break;
    if (line && line.length + word.length + 1 > SCAN_LINE_CHARS) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return lines.join('\n');
}

export async function extractionThroughput(quick: boolean): Promise<ExtractionResults> {
  const { ocr } = loadConfig({ NODE_ENV: 'test' });
  const random = seeded(42);
  const pdf = await pdfFile(Array.from({ length: PDF_PAGES }, (_, i) => pageText(random, `Page ${i + 1}`)));
  const runs = quick ? 2 : 5;
  console.log(`Extraction: a ${PDF_PAGES}-page text PDF, ${runs} times…`);
  const pdfRate = await pagesPerSecond(runs, async () => {
    // A copy each time, as the worker gets it: pdf.js takes a plain Uint8Array and may detach its buffer.
    const result = await extractText(new Uint8Array(pdf), 'application/pdf', ocr, Date.now() + TIME_LIMIT_MS);
    if (result.status !== 'done') throw new Error(`PDF not extracted: ${result.reason}`);
    return result.pageCount;
  });

  const scans = await Promise.all(
    Array.from({ length: quick ? 2 : 6 }, async () => {
      const text = scanLines(random);
      return { text, png: await scannedPngFile(text) };
    }),
  );
  const probe = await extractText(scans[0]!.png, 'image/png', ocr, Date.now() + TIME_LIMIT_MS);
  if (probe.status !== 'done') return { pdf: { ...pdfRate, runs }, ocr: { skipped: probe.reason } };
  console.log(`Extraction: OCR of ${scans.length} scanned pages…`);
  const read = new Map<number, string>();
  let next = 0;
  const ocrRate = await pagesPerSecond(scans.length, async () => {
    const index = next++ % scans.length;
    const result = await extractText(scans[index]!.png, 'image/png', ocr, Date.now() + TIME_LIMIT_MS);
    if (result.status !== 'done') throw new Error(`scan not extracted: ${result.reason}`);
    read.set(index, result.pages.join(' ').toLowerCase());
    return 1;
  });
  // How much of the page Tesseract read back: the share of the drawn words found in its text.
  const drawn = scans.flatMap((s, i) =>
    s.text
      .toLowerCase()
      .split(/\s+/)
      .map((w) => ({ w, i })),
  );
  const found = drawn.filter(({ w, i }) => read.get(i)?.includes(w)).length;
  return {
    pdf: { ...pdfRate, runs },
    ocr: { ...ocrRate, words_read: round2(found / drawn.length) },
  };
}
