/** Reviewing documents: approve, reject with a reason, once per version, the current one only; who hears of it. */
import { describe, expect, it } from 'vitest';
import type { Session } from '../../../tests/support/factories.ts';
import { sleep } from '../../../tests/support/waiting.ts';
import { centre, notified } from '../notifications/notifications.factories.ts';
import { documentCast, documentsTestApp, textFile, uploaded } from './documents.factories.ts';

const { t } = documentsTestApp();

const review = (who: Session, doc: { id: string }, versionId: string, body: Record<string, unknown>) =>
  t.request('POST', `/api/documents/${doc.id}/versions/${versionId}/review`, { token: who.token, body });

describe('reviewing a document', () => {
  it('lets the dossier’s expert approve the current version', async () => {
    const c = await documentCast(t);
    const doc = await uploaded(t, c.client, c.dossierId);
    const res = await review(c.expert, doc, doc.currentVersion.id, { decision: 'approved' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      status: 'approved',
      currentVersion: {
        reviewStatus: 'approved',
        reviewedBy: { id: c.expert.user.id, name: 'Eric Martin' },
        reviewedAt: t.clock.now().toISOString(),
        reviewReason: null,
      },
    });
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['actorId', 'action'])
      .where('entityId', '=', doc.id)
      .where('action', '=', 'document.approved')
      .execute();
    expect(audit).toEqual([{ actorId: c.expert.user.id, action: 'document.approved' }]);
  });

  it('lets an admin reject with a reason', async () => {
    const c = await documentCast(t);
    const doc = await uploaded(t, c.client, c.dossierId);
    const res = await review(c.admin, doc, doc.currentVersion.id, {
      decision: 'rejected',
      reason: 'Illisible',
    });
    expect(res.body).toMatchObject({
      status: 'rejected',
      currentVersion: { reviewStatus: 'rejected', reviewReason: 'Illisible' },
    });
  });

  it('refuses a rejection without a reason', async () => {
    const c = await documentCast(t);
    const doc = await uploaded(t, c.client, c.dossierId);
    const res = await review(c.expert, doc, doc.currentVersion.id, { decision: 'rejected' });
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
  });

  it('refuses to review a version twice', async () => {
    const c = await documentCast(t);
    const doc = await uploaded(t, c.client, c.dossierId);
    await review(c.expert, doc, doc.currentVersion.id, { decision: 'approved' });
    const again = await review(c.expert, doc, doc.currentVersion.id, { decision: 'rejected', reason: 'Non' });
    expect([again.status, again.body.error.code]).toEqual([409, 'DOCUMENT_NOT_REVIEWABLE']);
  });

  it('refuses to review a version that is no longer the current one', async () => {
    const c = await documentCast(t);
    const first = await uploaded(t, c.client, c.dossierId);
    const second = await uploaded(t, c.client, c.dossierId, textFile(), 'v2.txt', { documentId: first.id });
    const res = await review(c.expert, second, first.currentVersion.id, { decision: 'approved' });
    expect([res.status, res.body.error.code]).toEqual([409, 'DOCUMENT_NOT_REVIEWABLE']);
  });

  it('makes a new version pending again after a rejection', async () => {
    const c = await documentCast(t);
    const first = await uploaded(t, c.client, c.dossierId);
    await review(c.expert, first, first.currentVersion.id, { decision: 'rejected', reason: 'Incomplet' });
    const second = await uploaded(t, c.client, c.dossierId, textFile(), 'v2.txt', { documentId: first.id });
    expect(second.status).toBe('pending');
    expect(second.versions.map((v) => v.reviewStatus)).toEqual(['pending', 'rejected']);
  });

  it('does not let the client review, nor an expert of another dossier see the document', async () => {
    const c = await documentCast(t);
    const doc = await uploaded(t, c.client, c.dossierId);
    const byClient = await review(c.client, doc, doc.currentVersion.id, { decision: 'approved' });
    expect([byClient.status, byClient.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const byOther = await review(c.otherExpert, doc, doc.currentVersion.id, { decision: 'approved' });
    expect(byOther.status).toBe(404);
    const after = await t.request('GET', `/api/documents/${doc.id}`, { token: c.client.token });
    expect(after.body.status).toBe('pending');
  });
});

describe('notifications of documents', () => {
  it('tells the client their document was approved, not the expert who approved it', async () => {
    const c = await documentCast(t);
    const doc = await uploaded(t, c.client, c.dossierId, textFile(), 'kbis.txt', { category: 'kbis' });
    await review(c.expert, doc, doc.currentVersion.id, { decision: 'approved' });
    const [notice] = await notified(t, c.client, 'document.approved');
    expect(notice).toMatchObject({
      title: 'Document accepté : Extrait Kbis',
      link: `/dossiers/${c.dossierId}`,
    });
    await sleep(300);
    expect((await centre(t, c.expert, 'view=all')).filter((n) => n.type.startsWith('document.'))).toEqual([]);
  });

  it('tells the client why their document was rejected', async () => {
    const c = await documentCast(t);
    const doc = await uploaded(t, c.client, c.dossierId, textFile(), 'dsn.txt', { category: 'dsn' });
    await review(c.admin, doc, doc.currentVersion.id, { decision: 'rejected', reason: 'Mois manquant' });
    const [notice] = await notified(t, c.client, 'document.rejected');
    expect(notice!.body).toContain('Motif : Mois manquant');
  });

  it('tells the client a document is asked of them', async () => {
    const c = await documentCast(t);
    const asked = await t.request('POST', `/api/dossiers/${c.dossierId}/document-requests`, {
      token: c.expert.token,
      body: { category: 'payslips' },
    });
    expect(asked.status).toBe(201);
    // The documents step asked for the product's documents on entry: this request's notice is among theirs.
    await expect
      .poll(async () => (await notified(t, c.client, 'document.requested')).map((n) => n.title))
      .toContain('Document demandé : Bulletins de paie');
  });
});
