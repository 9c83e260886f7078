/** Deleting documents under the retention rules; the retention and reconcile jobs. */
import { utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Session } from '../../../tests/support/factories.ts';
import { closeDossier, documentCast, documentsTestApp, uploaded } from './documents.factories.ts';
import { purgeRetainedDocuments, reconcileDocumentBlobs } from './documents.jobs.ts';

const { t, filesOnDisk, dataDir } = documentsTestApp({ documentRetentionYears: 10 });

const HOUR = 3_600_000;

const remove = (who: Session, doc: { id: string }, reason?: string) =>
  t.request('DELETE', `/api/documents/${doc.id}`, { token: who.token, body: reason ? { reason } : {} });

const storageKeys = async (documentId: string) =>
  (
    await t.db
      .selectFrom('documentVersions')
      .select('storageKey')
      .where('documentId', '=', documentId)
      .execute()
  ).map((r) => r.storageKey);

/** Whether the blob of `key` is on disk (local store: `<dataDir>/blobs/<key>`). */
const onDisk = async (key: string) => (await filesOnDisk()).includes(path.join('blobs', key));

describe('deleting a document of an open dossier', () => {
  it('lets the client delete their own upload while it is pending, blob included', async () => {
    const c = await documentCast(t);
    const doc = await uploaded(t, c.client, c.dossierId);
    const [key] = await storageKeys(doc.id);
    expect(await onDisk(key!)).toBe(true);
    expect((await remove(c.client, doc)).status).toBe(204);
    expect((await t.request('GET', `/api/documents/${doc.id}`, { token: c.client.token })).status).toBe(404);
    expect(await onDisk(key!)).toBe(false);
  });

  it('does not let the client delete a document once reviewed', async () => {
    const c = await documentCast(t);
    const doc = await uploaded(t, c.client, c.dossierId);
    await t.request('POST', `/api/documents/${doc.id}/versions/${doc.currentVersion.id}/review`, {
      token: c.expert.token,
      body: { decision: 'approved' },
    });
    const res = await remove(c.client, doc);
    expect([res.status, res.body.error.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('does not let the client delete what the expert uploaded', async () => {
    const c = await documentCast(t);
    const doc = await uploaded(t, c.expert, c.dossierId);
    expect((await remove(c.client, doc)).status).toBe(403);
  });

  it('does not let the expert delete', async () => {
    const c = await documentCast(t);
    const doc = await uploaded(t, c.expert, c.dossierId);
    expect((await remove(c.expert, doc)).status).toBe(403);
  });
});

describe('deleting a document of a closed dossier', () => {
  const closedWithDocument = async () => {
    const c = await documentCast(t);
    const doc = await uploaded(t, c.client, c.dossierId);
    await closeDossier(t, c);
    return { c, doc };
  };

  it('shows until when the document is kept', async () => {
    const { c, doc } = await closedWithDocument();
    const res = await t.request('GET', `/api/documents/${doc.id}`, { token: c.client.token });
    const closedAt = new Date(t.clock.now());
    closedAt.setUTCFullYear(closedAt.getUTCFullYear() + 10);
    expect(res.body.retainedUntil).toBe(closedAt.toISOString());
  });

  it('refuses the client: the document is retained', async () => {
    const { c, doc } = await closedWithDocument();
    const res = await remove(c.client, doc);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('DOCUMENT_RETAINED');
    expect(new Date(res.body.error.details.retainedUntil).getUTCFullYear()).toBe(
      t.clock.now().getUTCFullYear() + 10,
    );
  });

  it('refuses the expert', async () => {
    const { c, doc } = await closedWithDocument();
    expect((await remove(c.expert, doc)).status).toBe(403);
  });

  it('asks an admin for a reason', async () => {
    const { c, doc } = await closedWithDocument();
    const res = await remove(c.admin, doc);
    expect([res.status, res.body.error.code]).toEqual([422, 'REASON_REQUIRED']);
  });

  it('lets an admin delete with a reason, audited, the blob really removed', async () => {
    const { c, doc } = await closedWithDocument();
    const [key] = await storageKeys(doc.id);
    expect((await remove(c.admin, doc, 'Demande CNIL du client')).status).toBe(204);
    expect(await onDisk(key!)).toBe(false);
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['actorId', 'after'])
      .where('entityId', '=', doc.id)
      .where('action', '=', 'document.deleted')
      .executeTakeFirstOrThrow();
    expect(audit.actorId).toBe(c.admin.user.id);
    expect(audit.after).toEqual({ reason: 'Demande CNIL du client' });
  });
});

describe('the jobs', () => {
  it('reconcile: removes blobs an hour old that no version points at, and stale unfinished writes', async () => {
    const c = await documentCast(t);
    const doc = await uploaded(t, c.client, c.dossierId);
    const [kept] = await storageKeys(doc.id);
    const { storage } = t.app.services;
    const put = () =>
      storage.put(Readable.from([Buffer.from('orphelin')]), { maxBytes: 100, prefix: 'documents' });
    const [old, young] = [(await put()).key, (await put()).key];
    const part = `${(await put()).key}.part`;
    const now = t.clock.now().getTime();
    const age = async (file: string, ms: number) => {
      const at = new Date(now - ms);
      await utimes(path.join(dataDir(), 'blobs', file), at, at);
    };
    await writeFile(path.join(dataDir(), 'blobs', part), 'à moitié');
    await Promise.all([age(kept!, 2 * HOUR), age(old, 2 * HOUR), age(young, HOUR / 2), age(part, 2 * HOUR)]);

    await t.app.services.jobs.runNow(reconcileDocumentBlobs, {});
    const left = await filesOnDisk();
    expect(left).toContain(path.join('blobs', kept!));
    expect(left).toContain(path.join('blobs', young));
    expect(left).not.toContain(path.join('blobs', old));
    expect(left).not.toContain(path.join('blobs', part));
  });

  it('retention: deletes the documents of dossiers closed longer than the period, blobs included', async () => {
    const past = await documentCast(t);
    const expired = await uploaded(t, past.client, past.dossierId);
    await closeDossier(t, past);
    const [expiredKey] = await storageKeys(expired.id);
    const open = await documentCast(t);
    const kept = await uploaded(t, open.client, open.dossierId);
    const elevenYears = 11 * 366 * 24 * HOUR;
    const deleted: { documentId: string; actorId: string | null; reason: string | null }[] = [];
    const stop = t.app.services.events.subscribe('document.deleted', (e) => {
      deleted.push({ documentId: e.documentId, actorId: e.actorId, reason: e.reason });
    });
    t.clock.advance(elevenYears);
    try {
      await t.app.services.jobs.runNow(purgeRetainedDocuments, {});
    } finally {
      t.clock.advance(-elevenYears);
      stop();
    }
    expect(deleted).toContainEqual({ documentId: expired.id, actorId: null, reason: 'retention' });
    expect(deleted.map((e) => e.documentId)).not.toContain(kept.id);
    const left = await t.db
      .selectFrom('documents')
      .select('id')
      .where('id', 'in', [expired.id, kept.id])
      .execute();
    expect(left).toEqual([{ id: kept.id }]);
    expect(await onDisk(expiredKey!)).toBe(false);
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['actorId', 'after'])
      .where('entityId', '=', expired.id)
      .where('action', '=', 'document.deleted')
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ actorId: null, after: { reason: 'retention' } });
  });
});
