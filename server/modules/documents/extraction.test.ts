/** Text extraction of each accepted format, from real files made by the test; OCR when Tesseract is here. */
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  csvFile,
  docxFile,
  odsFile,
  odtFile,
  pdfFile,
  scannedPdfFile,
  scannedPngFile,
  textFile,
  xlsxFile,
} from '../../../tests/support/document-files.ts';
import type { TestApp } from '../../../tests/support/test-app.ts';
import {
  type DocumentCast,
  documentCast,
  documentsTestApp,
  download,
  uploaded,
} from './documents.factories.ts';
import { extractDocumentText, sweepStaleExtractions } from './extraction.jobs.ts';
import { STALE_EXTRACTION_MS } from './extraction.service.ts';
import { ExtractionWorker } from './extraction.worker.ts';

const tesseractInstalled = (() => {
  try {
    return execFileSync('tesseract', ['--list-langs'], { encoding: 'utf8', stdio: 'pipe' }).includes('fra');
  } catch {
    return false;
  }
})();

/** Uploads the file to the cast's dossier, runs its extraction job, and reads what was recorded. */
async function extracted(t: TestApp, c: DocumentCast, bytes: Buffer, filename: string) {
  const doc = await uploaded(t, c.client, c.dossierId, bytes, filename, { category: 'other' });
  const versionId = doc.currentVersion.id;
  await t.app.services.jobs.runNow(extractDocumentText, { versionId });
  return { doc, ...(await recorded(t, versionId)) };
}

async function recorded(t: TestApp, versionId: string) {
  const version = await t.db
    .selectFrom('documentVersions')
    .select(['extractionStatus', 'extractionError', 'pageCount'])
    .where('id', '=', versionId)
    .executeTakeFirstOrThrow();
  const pages = await t.db
    .selectFrom('documentPages')
    .select(['page', 'text'])
    .where('versionId', '=', versionId)
    .orderBy('page')
    .execute();
  return { ...version, pages };
}

describe('text extraction', () => {
  const { t } = documentsTestApp();
  let c: DocumentCast;
  beforeAll(async () => {
    c = await documentCast(t);
  });

  it('reads a PDF text layer page by page', async () => {
    const pdf = await pdfFile(['Attestation de vigilance URSSAF', 'Déclarations trimestrielles de TVA']);
    const result = await extracted(t, c, pdf, 'attestation.pdf');
    expect(result).toMatchObject({ extractionStatus: 'done', extractionError: null, pageCount: 2 });
    expect(result.pages).toEqual([
      { page: 1, text: 'Attestation de vigilance URSSAF' },
      { page: 2, text: 'Déclarations trimestrielles de TVA' },
    ]);
  });

  it('shows the extraction status on the version', async () => {
    const { doc } = await extracted(t, c, await pdfFile(['Relevé de compte bancaire']), 'releve.pdf');
    const res = await t.request('GET', `/api/documents/${doc.id}`, { token: c.client.token });
    expect(res.body.currentVersion).toMatchObject({ extractionStatus: 'done', pageCount: 1 });
  });

  it('reads a DOCX body', async () => {
    const docx = await docxFile(['Contrat de fourniture de gaz', 'Signé à Lyon le 3 mars 2025']);
    const result = await extracted(t, c, docx, 'contrat.docx');
    expect(result.extractionStatus).toBe('done');
    expect(result.pages).toEqual([
      { page: 1, text: 'Contrat de fourniture de gaz\n\nSigné à Lyon le 3 mars 2025' },
    ]);
  });

  it('reads an ODT body', async () => {
    const odt = await odtFile(['Procès-verbal d’assemblée', 'Approbation des comptes & affectation']);
    const result = await extracted(t, c, odt, 'pv.odt');
    expect(result.pages).toEqual([
      { page: 1, text: 'Procès-verbal d’assemblée\nApprobation des comptes & affectation' },
    ]);
  });

  it('reads each XLSX sheet as a page, cells tab-separated', async () => {
    const xlsx = await xlsxFile(
      [
        ['Carburant', 'Litres'],
        ['Gazole', 1250.5],
      ],
      [['Immatriculation'], ['AB-123-CD']],
    );
    const result = await extracted(t, c, xlsx, 'carburant.xlsx');
    expect(result).toMatchObject({ extractionStatus: 'done', pageCount: 2 });
    expect(result.pages).toEqual([
      { page: 1, text: 'Carburant\tLitres\nGazole\t1250.5' },
      { page: 2, text: 'Immatriculation\nAB-123-CD' },
    ]);
  });

  it('reads each ODS sheet as a page', async () => {
    const ods = await odsFile([['Électricité', 4200]], [['Site <Lyon> & "Nord"']]);
    const result = await extracted(t, c, ods, 'energie.ods');
    expect(result.pages).toEqual([
      { page: 1, text: 'Électricité\t4200' },
      { page: 2, text: 'Site <Lyon> & "Nord"' },
    ]);
  });

  it('reads a CSV file', async () => {
    const csv = csvFile([
      ['Date', 'Station', 'Montant'],
      ['2025-03-02', 'Total Énergies Mâcon', '84,20'],
    ]);
    const result = await extracted(t, c, csv, 'releve-carte.csv');
    expect(result.extractionStatus).toBe('done');
    expect(result.pages[0]?.text).toContain('"Total Énergies Mâcon"');
  });

  it('cuts a long text file into pages of about 3,000 characters, at line breaks', async () => {
    const lines = Array.from({ length: 400 }, (_, i) => `Ligne ${i + 1} du grand livre comptable`);
    const result = await extracted(t, c, textFile(lines.join('\n')), 'grand-livre.txt');
    expect(result.pageCount).toBe(result.pages.length);
    expect(result.pages.length).toBeGreaterThanOrEqual(5);
    for (const { text } of result.pages) expect(text.length).toBeLessThanOrEqual(3000);
    expect(result.pages.map((p) => p.text).join('\n')).toBe(lines.join('\n'));
  });

  it('records a corrupt PDF as failed with its error, and goes on extracting others', async () => {
    const corrupt = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\ngarbage\n%%EOF\n');
    const failed = await extracted(t, c, corrupt, 'abime.pdf');
    expect(failed).toMatchObject({ extractionStatus: 'failed', pageCount: null, pages: [] });
    expect(failed.extractionError).toMatch(/\w+/);
    const next = await extracted(t, c, await pdfFile(['Quittance de loyer']), 'quittance.pdf');
    expect(next.extractionStatus).toBe('done');
  });

  it('extracts the text of an upload without being asked', async () => {
    const doc = await uploaded(t, c.client, c.dossierId, textFile('Avis de taxe foncière 2024'), 'avis.txt');
    await expect
      .poll(async () => (await recorded(t, doc.currentVersion.id)).extractionStatus, { timeout: 15_000 })
      .toBe('done');
  });

  it('sends again a version whose extraction job was lost', async () => {
    const { doc } = await extracted(t, c, textFile('Bail commercial des locaux'), 'bail.txt');
    const versionId = doc.currentVersion.id;
    // As after a crash between the upload's commit and its job.
    await t.db.deleteFrom('documentPages').where('versionId', '=', versionId).execute();
    await t.db
      .updateTable('documentVersions')
      .set({ extractionStatus: 'pending' })
      .where('id', '=', versionId)
      .execute();
    t.clock.advance(STALE_EXTRACTION_MS + 60_000);
    await t.app.services.jobs.runNow(sweepStaleExtractions, {});
    await expect
      .poll(async () => (await recorded(t, versionId)).pages, { timeout: 15_000 })
      .toEqual([{ page: 1, text: expect.stringContaining('Bail commercial des locaux') }]);
  });

  it('stops an extraction at its time limit, and extracts the next one', async () => {
    const worker = new ExtractionWorker();
    const ocr = { tesseractPath: 'tesseract', languages: 'fra' };
    const pdf = await pdfFile(Array.from({ length: 50 }, (_, i) => `Page ${i + 1}`));
    const stopped = await worker.extract(
      { bytes: pdf, mimeType: 'application/pdf', ocr },
      { timeLimitMs: 1 },
    );
    expect(stopped).toEqual({ status: 'failed', error: 'time limit of 0.001 s reached' });
    const next = await worker.extract(
      { bytes: textFile('Suite'), mimeType: 'text/plain', ocr },
      { timeLimitMs: 30_000 },
    );
    expect(next).toEqual({ status: 'done', pageCount: 1, pages: ['Suite'] });
  });

  it.runIf(tesseractInstalled)('reads a photo of French text with Tesseract', async () => {
    const photo = await scannedPngFile('Déclaration de créance\nFacture réglée le 12 mars');
    const result = await extracted(t, c, photo, 'photo.png');
    expect(result).toMatchObject({ extractionStatus: 'done', pageCount: 1 });
    expect(result.pages[0]?.text).toContain('Déclaration de créance');
  });

  it.runIf(tesseractInstalled)('reads a scanned PDF page by page with Tesseract', async () => {
    const scan = await scannedPdfFile(['Bulletin de paie', 'Cotisations salariales']);
    const result = await extracted(t, c, scan, 'scan.pdf');
    expect(result).toMatchObject({ extractionStatus: 'done', pageCount: 2 });
    expect(result.pages.map((p) => [p.page, p.text])).toEqual([
      [1, 'Bulletin de paie'],
      [2, 'Cotisations salariales'],
    ]);
  });
});

describe('text extraction without Tesseract', () => {
  const { t } = documentsTestApp({ ocr: { tesseractPath: '/nonexistent/tesseract', languages: 'fra' } });
  let c: DocumentCast;
  beforeAll(async () => {
    c = await documentCast(t);
  });

  it('marks a photo "not extracted", and the document still works', async () => {
    const photo = await scannedPngFile('Carte grise');
    const result = await extracted(t, c, photo, 'carte-grise.png');
    expect(result).toMatchObject({ extractionStatus: 'not_extracted', pages: [] });
    const res = await download(
      t,
      c.expert,
      `/api/documents/${result.doc.id}/versions/${result.doc.currentVersion.id}/content`,
    );
    expect(res.status).toBe(200);
    expect(res.bytes.equals(photo)).toBe(true);
  });

  it('marks a scanned PDF "not extracted"', async () => {
    const result = await extracted(t, c, await scannedPdfFile(['Kbis']), 'kbis.pdf');
    expect(result.extractionStatus).toBe('not_extracted');
  });

  it('still reads the text layer of a PDF', async () => {
    const result = await extracted(t, c, await pdfFile(['Extrait Kbis de la société']), 'kbis-texte.pdf');
    expect(result.pages).toEqual([{ page: 1, text: 'Extrait Kbis de la société' }]);
  });
});
