import ExcelJS from 'exceljs';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import type { ExportJob, ExportRequest } from '../../../../common/reports.ts';
import type { Session } from '../../../../tests/support/factories.ts';
import { appWith } from '../../../../tests/support/test-app.ts';
import { eventually } from '../../../../tests/support/waiting.ts';
import { dashboardData, longSessions } from '../../dashboard/dashboard.factories.ts';

const { t, cast } = appWith(dashboardData, { overrides: longSessions, setupTimeoutMs: 60_000 });

const params = { from: '2026-06-01', to: '2026-06-03' };

async function requestExport(body: ExportRequest, who: Session = cast.admin): Promise<ExportJob> {
  const res = await t.request('POST', '/api/exports', { token: who.token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body;
}

async function ready(id: string, who: Session = cast.admin): Promise<ExportJob> {
  let job: ExportJob | undefined;
  await eventually(async () => {
    job = (await t.request('GET', `/api/exports/${id}`, { token: who.token })).body;
    expect(job?.status).toBe('ready');
  }, 15_000);
  return job!;
}

async function download(job: ExportJob): Promise<{ res: Response; bytes: Buffer }> {
  const res = await fetch(`${t.baseUrl}${job.downloadUrl}`);
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Waits until no export of earlier tests is queued or running: their files would land in the listings compared. */
async function othersSettled(): Promise<void> {
  await eventually(async () => {
    const busy = await t.db
      .selectFrom('reportExports')
      .select('id')
      .where('status', 'in', ['queued', 'running'])
      .execute();
    expect(busy).toEqual([]);
  }, 15_000);
}

async function blobsUnderExports(): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of t.app.services.storage.list('exports', new Date('2100-01-01'))) keys.push(key);
  return keys;
}

describe('a report exported as a file', () => {
  it('queues the export and answers 202 with its progress', async () => {
    const job = await requestExport({ kind: 'report', type: 'platform', params, format: 'xlsx' });
    expect(job).toMatchObject({ kind: 'report', source: 'platform', format: 'xlsx', downloadUrl: null });
    expect(['queued', 'running', 'ready']).toContain(job.status);
  });

  it('produces an XLSX workbook with one sheet per table and real numbers', async () => {
    const job = await ready(
      (await requestExport({ kind: 'report', type: 'platform', params, format: 'xlsx' })).id,
    );
    const { res, bytes } = await download(job);
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="rapport-plateforme-2026-06-01-2026-06-03.xlsx"',
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Synthèse',
      'Par produit',
      'Par région',
      'Délais par statut',
      'Évolution',
    ]);
    const opened = workbook.getWorksheet('Synthèse')!.getColumn(1).values.indexOf('Dossiers ouverts');
    expect(workbook.getWorksheet('Synthèse')!.getRow(opened).getCell(2).value).toBe(4);
  });

  it('produces a PDF whose text holds the report’s title and its figures', async () => {
    const job = await ready(
      (await requestExport({ kind: 'report', type: 'financial', params, format: 'pdf' })).id,
    );
    const { res, bytes } = await download(job);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
    expect(text).toContain('Rapport financier');
    expect(text.replace(/\s/g, ' ')).toMatch(/3 000,02 €/);
  });

  it('produces a CSV for French Excel', async () => {
    const job = await ready(
      (await requestExport({ kind: 'report', type: 'platform', params, format: 'csv' })).id,
    );
    const text = (await download(job)).bytes.toString('utf8');
    expect(text.startsWith('\uFEFFPerformance de la plateforme')).toBe(true);
    expect(text).toContain('Dossiers ouverts;4;0');
  });

  it('refuses a report its author may not read, before queuing anything', async () => {
    const res = await t.request('POST', '/api/exports', {
      token: cast.expert.token,
      body: { kind: 'report', type: 'platform', params, format: 'pdf' },
    });
    expect([res.status, res.body.error.code]).toEqual([403, 'REPORT_NOT_ALLOWED']);
  });
});

describe('a list exported as a file', () => {
  it('exports every dossier an admin sees, with its progress complete', async () => {
    const job = await ready((await requestExport({ kind: 'list', list: 'dossiers', format: 'csv' })).id);
    expect([job.rowsDone, job.rowsTotal, job.progress]).toEqual([4, 4, 1]);
    const lines = (await download(job)).bytes.toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '\uFEFFRéférence;Entreprise;Région;Produit;Statut;Expert;Montant estimé (€);Montant audité (€);' +
        'Montant accordé (€);Montant obtenu (€);Ouvert le;Statut depuis le',
    );
    expect(lines).toHaveLength(5);
  });

  it('exports only the dossiers its reader may see, with the page’s filters', async () => {
    const job = await ready(
      (await requestExport({ kind: 'list', list: 'dossiers', format: 'csv', filters: {} }, cast.clientB)).id,
      cast.clientB,
    );
    const text = (await download(job)).bytes.toString('utf8');
    expect(text.trimEnd().split('\r\n')).toHaveLength(3);
    expect(text).toContain('Breizh Fret');
    const filtered = await ready(
      (
        await requestExport(
          { kind: 'list', list: 'dossiers', format: 'csv', filters: { status: ['refunded'] } },
          cast.clientB,
        )
      ).id,
      cast.clientB,
    );
    expect(filtered.rowsTotal).toBe(1);
  });

  it('writes typed cells in an XLSX list', async () => {
    const job = await ready((await requestExport({ kind: 'list', list: 'dossiers', format: 'xlsx' })).id);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download(job)).bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(5);
    const estimated = sheet.getColumn(7);
    expect(estimated.numFmt).toBe('#,##0.00 "€"');
    expect(sheet.getRow(5).getCell(11).value).toBeInstanceOf(Date);
  });
});

describe('who may follow and download an export', () => {
  it('hides an export from anyone but its owner', async () => {
    const job = await requestExport({ kind: 'report', type: 'platform', params, format: 'csv' });
    const res = await t.request('GET', `/api/exports/${job.id}`, { token: cast.clientA.token });
    expect([res.status, res.body.error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('refuses a download without a genuine link', async () => {
    const job = await ready(
      (await requestExport({ kind: 'report', type: 'platform', params, format: 'csv' })).id,
    );
    const forged = await fetch(`${t.baseUrl}/api/exports/${job.id}/file?token=AAAA`);
    expect(forged.status).toBe(403);
  });
});

describe('cancelling an export', () => {
  it('removes the file of a ready export and stops its link', async () => {
    const job = await ready(
      (await requestExport({ kind: 'report', type: 'platform', params, format: 'pdf' })).id,
    );
    await othersSettled();
    const before = await blobsUnderExports();
    const res = await t.request('POST', `/api/exports/${job.id}/cancel`, { token: cast.admin.token });
    expect([res.status, res.body.status, res.body.downloadUrl]).toEqual([200, 'cancelled', null]);
    expect(await blobsUnderExports()).toHaveLength(before.length - 1);
    expect((await download(job)).res.status).toBe(409);
  });

  it('leaves no file when cancelled before its job ran', async () => {
    const exports = t.app.services.exports;
    const admin = { id: cast.admin.user.id, role: 'admin' as const, companyId: null };
    await othersSettled();
    const before = await blobsUnderExports();
    const job = await exports.request(admin, {
      kind: 'report',
      type: 'platform',
      params,
      format: 'pdf',
      locale: 'fr',
    });
    await exports.cancel(admin, job.id);
    await exports.run(job.id, { lastAttempt: false });
    // The job runner may have taken the job before the cancel: its file is then removed when it finishes.
    await eventually(async () => expect(await blobsUnderExports()).toEqual(before), 15_000);
    expect((await exports.get(admin, job.id)).status).toBe('cancelled');
  });

  it('refuses to cancel an export already cancelled', async () => {
    const job = await requestExport({ kind: 'report', type: 'platform', params, format: 'csv' });
    await t.request('POST', `/api/exports/${job.id}/cancel`, { token: cast.admin.token });
    const res = await t.request('POST', `/api/exports/${job.id}/cancel`, { token: cast.admin.token });
    expect([res.status, res.body.error.code]).toEqual([409, 'EXPORT_NOT_CANCELLABLE']);
  });
});
