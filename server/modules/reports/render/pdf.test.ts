import { buffer } from 'node:stream/consumers';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { extractText, getDocumentProxy, getMeta, renderPageAsImage } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderReportPdf } from './pdf.ts';
import { EXPERT_ROWS, LONG_COMPANY, sampleDocument } from './sample-document.ts';

/** Extracted text with every kind of space as a plain one (the PDF writes no-break spaces in numbers). */
const plain = (text: string) => text.replace(/[\s\u00A0\u202F]+/g, ' ');

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('a report as PDF', () => {
  let bytes: Buffer;
  let pages: string[];
  // pdf.js takes over the array it is given: each reader gets its own copy.
  const copy = () => new Uint8Array(bytes);
  const render = async (page: number) =>
    Buffer.from(await renderPageAsImage(copy(), page, { canvasImport: () => import('@napi-rs/canvas') }));
  /** The number of the first page past the cover (which lists the sections' titles) showing `text`. */
  const pageWith = (text: string) => pages.findIndex((page, i) => i > 0 && page.includes(text)) + 1;

  beforeAll(async () => {
    bytes = await buffer(renderReportPdf(sampleDocument()));
    const { text } = await extractText(await getDocumentProxy(copy()), { mergePages: false });
    pages = text.map(plain);
  });

  it('opens on a cover with the product, the title, its parameters and the Paris generation time', () => {
    expect(pages[0]).toContain('FinancialTracker');
    expect(pages[0]).toContain('Rapport plateforme');
    expect(pages[0]).toContain('Produit : TICPE');
    expect(pages[0]).toContain('Généré le 1 décembre 2026 à 09:12');
  });

  it('lists the sections on the cover with their pages', () => {
    expect(pages[0]).toContain(`Réclamations ${pageWith('Aucune donnée')}`);
  });

  it('writes figures in French formats', () => {
    const figures = pages[pageWith('Chiffres clés') - 1]!;
    expect(figures).toContain('1 234 567,89 €');
    expect(figures).toContain('Période précédente : 987 654,32 €');
    expect(figures).toContain('45,2 %');
    expect(figures).toContain('12,5 j');
    expect(figures).toContain('4,5');
  });

  it('draws every row of a long table, across pages, under its header repeated on each', () => {
    const spanned = pages.filter((page) => /EXP-\d{4}/.test(page));
    expect(spanned.length).toBeGreaterThanOrEqual(3);
    for (const page of spanned) {
      expect(page).toContain('Référence');
      expect(page).toContain('Dernière activité');
    }
    const refs = new Set(spanned.flatMap((page) => page.match(/EXP-\d{4}/g) ?? []));
    expect(refs.size).toBe(EXPERT_ROWS);
  });

  it('ends a table with its total row', () => {
    expect(pages.join(' ')).toMatch(/Total 642 391/);
  });

  it('cuts a text too long for its column with an ellipsis', () => {
    const text = pages.join(' ');
    expect(text).toContain('Établissements Frères Martin-Lefèvre');
    expect(text).not.toContain(LONG_COMPANY);
    expect(text).toMatch(/Établissements Frères Martin-Lefèvre[^…]*…/);
  });

  it('says so when a table has no rows', () => {
    expect(pages[pageWith('Réclamations') - 1]).toMatch(/Réclamations Date Montant Aucune donnée/);
  });

  it('numbers every page in its footer, with the generation time', () => {
    expect(pages.length).toBeGreaterThan(4);
    pages.forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1} / ${pages.length}`);
      expect(page).toContain('FinancialTracker · Généré le 1 décembre 2026 à 09:12');
    });
  });

  it('labels a chart’s axes and legend', () => {
    const lines = pages[pageWith('Chiffre d’affaires mensuel') - 1]!;
    expect(lines).toMatch(/0 € 20 k € 40 k € 60 k € 80 k € 100 k €/);
    expect(lines).toContain('01/01/2026');
  });

  it('draws the bars of a bar chart in the series’ colours', async () => {
    const png = await render(pageWith('Dossiers par mois'));
    const image = await loadImage(png);
    const canvas = createCanvas(image.width, image.height);
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, image.width, image.height);
    const count = (r: number, g: number, b: number) => {
      let n = 0;
      for (let p = 0; p < data.length; p += 4) {
        if (Math.abs(data[p]! - r) + Math.abs(data[p + 1]! - g) + Math.abs(data[p + 2]! - b) < 12) n++;
      }
      return n;
    };
    // The sample's twelve months of 40 to 69 and 20 to 44 dossiers: thousands of pixels of each colour.
    expect(count(0x2f, 0x6f, 0xde)).toBeGreaterThan(3000);
    expect(count(0xf2, 0x9d, 0x38)).toBeGreaterThan(2000);
  });

  it('renders as images, the cover and a table page alike', async () => {
    for (const page of [1, pageWith('EXP-0050')]) {
      const png = await render(page);
      expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
      expect(png.length).toBeGreaterThan(10_000);
    }
  });

  it('states its title, author and creation date', async () => {
    const { info } = await getMeta(copy(), { parseDates: true });
    expect(info.Title).toBe('Rapport plateforme');
    expect(info.Author).toBe('FinancialTracker');
    expect((info.CreationDate as Date).toISOString()).toBe('2026-12-01T08:12:00.000Z');
  });
});
