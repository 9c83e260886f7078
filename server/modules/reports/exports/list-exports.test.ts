import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExportJob, ExportRequest } from '../../../../common/reports.ts';
import type { Session } from '../../../../tests/support/factories.ts';
import { appWith } from '../../../../tests/support/test-app.ts';
import { eventually } from '../../../../tests/support/waiting.ts';
import { postReview, refundedDossier } from '../../experts/experts.factories.ts';
import { type Cast, dossierWithExpert } from '../../messaging/messaging.factories.ts';

const { t, cast } = appWith<Cast>(dossierWithExpert, { setupTimeoutMs: 60_000 });

async function requestExport(body: ExportRequest, who: Session) {
  return t.request<ExportJob>('POST', '/api/exports', { token: who.token, body });
}

async function fileOf(body: ExportRequest, who: Session): Promise<Buffer> {
  const res = await requestExport(body, who);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  let job: ExportJob | undefined;
  await eventually(async () => {
    job = (await t.request('GET', `/api/exports/${res.body.id}`, { token: who.token })).body;
    expect(job?.status).toBe('ready');
  }, 15_000);
  return Buffer.from(await (await fetch(`${t.baseUrl}${job!.downloadUrl}`)).arrayBuffer());
}

describe('a conversation’s messages exported', () => {
  beforeAll(async () => {
    for (const [who, body] of [
      [cast.client, 'Bonjour, voici ma question; « urgente »'],
      [cast.expert, 'Je regarde cela aujourd’hui.'],
    ] as const) {
      const res = await t.request('POST', `/api/conversations/${cast.conversationId}/messages`, {
        token: who.token,
        body: { clientKey: randomUUID(), body },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  });

  it('writes every message, oldest first, for a participant', async () => {
    const body = {
      kind: 'list',
      list: 'messages',
      format: 'csv',
      filters: { conversationId: cast.conversationId },
    };
    const lines = (await fileOf(body as ExportRequest, cast.client)).toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe('\uFEFFDate;Auteur;Rôle;Message;Pièces jointes;Modifié');
    const texts = lines.slice(1).map((line) => line.split(';').slice(3).join(';'));
    expect(texts.some((t) => t.startsWith('"Bonjour, voici ma question; « urgente »"'))).toBe(true);
    expect(texts.findIndex((t) => t.startsWith('"Bonjour'))).toBeLessThan(
      texts.findIndex((t) => t.startsWith('Je regarde')),
    );
  });

  it('refuses someone outside the conversation before queuing anything', async () => {
    const res = await requestExport(
      {
        kind: 'list',
        list: 'messages',
        format: 'csv',
        filters: { conversationId: cast.conversationId },
      },
      cast.outsider,
    );
    expect([res.status, (res.body as never as { error: { code: string } }).error.code]).toEqual([
      404,
      'NOT_FOUND',
    ]);
  });
});

describe('the audit log exported', () => {
  it('writes an XLSX of the log for an admin, and audits the export itself', async () => {
    const bytes = await fileOf({ kind: 'list', list: 'audit', format: 'xlsx', filters: {} }, cast.admin);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Journal d’audit');
    expect(sheet.getRow(1).getCell(5).value).toBe('Action');
    const actions = sheet.getColumn(5).values.slice(2);
    expect(actions).toContain('audit.exported');
  });

  it('refuses anyone but an admin', async () => {
    const res = await requestExport({ kind: 'list', list: 'audit', format: 'csv' }, cast.expert);
    expect(res.status).toBe(403);
  });

  it('refuses filters that select nothing by mistake, with the log’s own code', async () => {
    const res = await requestExport(
      { kind: 'list', list: 'audit', format: 'csv', filters: { from: '2026-06-02', to: '2026-06-01' } },
      cast.admin,
    );
    expect([res.status, (res.body as never as { error: { code: string } }).error.code]).toEqual([
      422,
      'AUDIT_PERIOD_INVALID',
    ]);
  });
});

describe('the users list exported', () => {
  it('writes the users the filters select, for an admin', async () => {
    const body: ExportRequest = { kind: 'list', list: 'users', format: 'csv', filters: { role: 'expert' } };
    const text = (await fileOf(body, cast.admin)).toString('utf8');
    expect(text.split('\r\n')[0]).toBe(
      '\uFEFFNom;E-mail;Rôle;Statut;Entreprise;Spécialités;Inscrit le;Dernière activité',
    );
    expect(text).toContain(cast.expert.user.email);
    expect(text).not.toContain(cast.client.user.email);
  });

  it('refuses anyone but an admin', async () => {
    const res = await requestExport({ kind: 'list', list: 'users', format: 'csv' }, cast.expert);
    expect(res.status).toBe(403);
  });
});

describe('an expert’s reviews exported', () => {
  beforeAll(async () => {
    const { client, dossierId } = await refundedDossier(t, cast.admin, cast.otherExpert, {
      proposed: 1000,
      decided: 900,
      refunded: 900,
    });
    const res = await postReview(t, client, cast.otherExpert.user.id, dossierId, 4, {
      text: 'Très réactif; merci',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }, 60_000);

  it('writes the expert’s own reviews with their ratings as numbers', async () => {
    const body: ExportRequest = {
      kind: 'list',
      list: 'reviews',
      format: 'xlsx',
      filters: { expertId: cast.otherExpert.user.id },
    };
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await fileOf(body, cast.otherExpert)) as unknown as ArrayBuffer);
    const row = workbook.worksheets[0]!.getRow(2);
    expect([row.getCell(5).value, row.getCell(9).value]).toEqual([4, 'Très réactif; merci']);
  });

  it('refuses another expert', async () => {
    const res = await requestExport(
      { kind: 'list', list: 'reviews', format: 'csv', filters: { expertId: cast.otherExpert.user.id } },
      cast.expert,
    );
    expect(res.status).toBe(403);
  });
});
