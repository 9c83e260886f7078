/** Uploads: byte-exact round trip, versions, duplicates, checks of the bytes and the name, a cut connection. */
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { sleep } from '../../../tests/support/waiting.ts';
import {
  closeDossier,
  contentUrl,
  documentCast,
  documentsTestApp,
  download,
  pdfFile,
  pngFile,
  textFile,
  upload,
  uploaded,
} from './documents.factories.ts';

const MAX_BYTES = 256 * 1024;
const { t, filesOnDisk } = documentsTestApp({ documentMaxBytes: MAX_BYTES });

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('uploading a document', () => {
  it('stores the bytes and serves them back exactly, with their hash', async () => {
    const c = await documentCast(t);
    const bytes = pngFile(200 * 1024);
    const doc = await uploaded(t, c.client, c.dossierId, bytes, 'carte grise.png', {
      category: 'vehicle_registrations',
      comment: 'Recto',
    });
    expect(doc).toMatchObject({
      dossierId: c.dossierId,
      category: 'vehicle_registrations',
      title: 'carte grise.png',
      status: 'pending',
      versionCount: 1,
      retainedUntil: null,
      currentVersion: {
        version: 1,
        filename: 'carte grise.png',
        mimeType: 'image/png',
        sizeBytes: bytes.length,
        sha256: sha256(bytes),
        comment: 'Recto',
        uploadedBy: { id: c.client.user.id, name: 'Claire Dupont' },
        reviewStatus: 'pending',
        current: true,
        previewable: true,
      },
    });
    const res = await download(t, c.expert, contentUrl(doc, doc.currentVersion.id));
    expect(res.status).toBe(200);
    expect(res.bytes.equals(bytes)).toBe(true);
    expect(res.headers.get('etag')).toBe(`"${sha256(bytes)}"`);
  });

  it('keeps every version, each downloadable, the last one current', async () => {
    const c = await documentCast(t);
    const files = [textFile('janvier'), textFile('février'), textFile('mars')];
    let doc = await uploaded(t, c.client, c.dossierId, files[0], 'releve.txt');
    doc = await uploaded(t, c.expert, c.dossierId, files[1], 'releve-v2.txt', { documentId: doc.id });
    doc = await uploaded(t, c.client, c.dossierId, files[2], 'releve-v3.txt', {
      documentId: doc.id,
      comment: 'Version corrigée',
    });
    expect(doc.versions.map((v) => [v.version, v.current, v.uploadedBy.id])).toEqual([
      [3, true, c.client.user.id],
      [2, false, c.expert.user.id],
      [1, false, c.client.user.id],
    ]);
    expect(doc.currentVersion).toMatchObject({ version: 3, comment: 'Version corrigée' });
    for (const [i, version] of [...doc.versions].reverse().entries()) {
      const res = await download(t, c.client, contentUrl(doc, version.id));
      expect(res.bytes.equals(files[i]!)).toBe(true);
    }
  });

  it('refuses a file already in the dossier, saying which document holds it', async () => {
    const c = await documentCast(t);
    const bytes = pdfFile();
    const first = await uploaded(t, c.client, c.dossierId, bytes, 'kbis.pdf', { category: 'kbis' });
    const before = await filesOnDisk();
    const again = await upload(t, c.expert, c.dossierId, bytes, 'autre-nom.pdf', { category: 'other' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'DOCUMENT_DUPLICATE',
      details: { documentId: first.id, version: 1, category: 'kbis' },
    });
    expect(await filesOnDisk()).toEqual(before);
  });

  it('answers a request it names, which becomes fulfilled', async () => {
    const c = await documentCast(t);
    const asked = await t.request('POST', `/api/dossiers/${c.dossierId}/document-requests`, {
      token: c.expert.token,
      body: { category: 'kbis', note: 'Moins de 3 mois' },
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(201);
    const doc = await uploaded(t, c.client, c.dossierId, pdfFile(), 'kbis.pdf', {
      category: 'kbis',
      requestId: asked.body.id,
    });
    const panel = await t.request('GET', `/api/dossiers/${c.dossierId}/documents`, { token: c.client.token });
    // The workflow asked for the product's other categories on entering documents_pending.
    expect(panel.body.requests.find((r: { id: string }) => r.id === asked.body.id)).toMatchObject({
      status: 'fulfilled',
      documentId: doc.id,
    });
    expect(panel.body.checklist.find((l: { category: string }) => l.category === 'kbis')).toMatchObject({
      required: true,
      state: 'pending',
      documentIds: [doc.id],
    });
    const twice = await upload(t, c.client, c.dossierId, pdfFile(), 'kbis2.pdf', {
      category: 'kbis',
      requestId: asked.body.id,
    });
    expect(twice.body.error.code).toBe('DOCUMENT_REQUEST_CLOSED');
  });

  it('refuses uploads to a closed dossier', async () => {
    const c = await documentCast(t);
    await closeDossier(t, c);
    const res = await upload(t, c.client, c.dossierId, textFile(), 'tard.txt');
    expect([res.status, res.body.error.code]).toEqual([409, 'DOCUMENT_DOSSIER_CLOSED']);
  });
});

describe('the checks of an upload', () => {
  it('refuses bytes that are not what the name says (415), storing nothing', async () => {
    const c = await documentCast(t);
    const before = await filesOnDisk();
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]);
    const res = await upload(t, c.client, c.dossierId, exe, 'facture.pdf', { type: 'application/pdf' });
    expect([res.status, res.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect(await filesOnDisk()).toEqual(before);
  });

  it('refuses a file over the size limit (413), storing nothing', async () => {
    const c = await documentCast(t);
    const before = await filesOnDisk();
    const res = await upload(t, c.client, c.dossierId, pngFile(MAX_BYTES), 'photo.png');
    expect([res.status, res.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect(await filesOnDisk()).toEqual(before);
  });

  it('refuses an empty file', async () => {
    const c = await documentCast(t);
    const res = await upload(t, c.client, c.dossierId, Buffer.alloc(0), 'vide.pdf');
    expect([res.status, res.body.error.code]).toEqual([422, 'DOCUMENT_EMPTY']);
  });

  it('refuses an unknown category', async () => {
    const c = await documentCast(t);
    const res = await upload(t, c.client, c.dossierId, textFile(), 'a.txt', { category: 'passeport' });
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
  });

  it('keeps only the last part of a path for a name', async () => {
    const c = await documentCast(t);
    const doc = await uploaded(t, c.client, c.dossierId, textFile(), '../../etc/passwd');
    expect(doc.title).toBe('passwd');
    const res = await download(t, c.client, contentUrl(doc, doc.currentVersion.id));
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="passwd"; filename*=UTF-8''passwd`,
    );
  });

  it('drops a right-to-left override and composes decomposed accents', async () => {
    const c = await documentCast(t);
    const trick = `facture\u202Efdp.exe`;
    const doc = await uploaded(t, c.client, c.dossierId, textFile(), trick);
    expect(doc.title).toBe('facturefdp.exe');
    const nfd = 'Rele\u0301ve\u0301.txt';
    const accented = await uploaded(t, c.client, c.dossierId, textFile(), nfd);
    expect(accented.title).toBe('Rel\u00e9v\u00e9.txt');
  });

  it('leaves no row and no blob when the connection is cut halfway', async () => {
    const c = await documentCast(t);
    const before = await filesOnDisk();
    const boundary = '----cut-upload';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="category"\r\n\r\nkbis\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="coupé.png"\r\n` +
        'Content-Type: image/png\r\n\r\n',
    );
    const url = new URL(`${t.baseUrl}/api/dossiers/${c.dossierId}/documents`);
    await new Promise<void>((resolve) => {
      const req = httpRequest(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${c.client.token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': String(head.length + 200 * 1024),
        },
      });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
      req.write(head);
      req.write(pngFile(100 * 1024));
      // Half of the announced body is sent, then the connection drops.
      setTimeout(() => req.destroy(), 100);
    });
    await sleep(500);
    const rows = await t.db
      .selectFrom('documents')
      .select('id')
      .where('dossierId', '=', c.dossierId)
      .execute();
    expect(rows).toEqual([]);
    expect(await filesOnDisk()).toEqual(before);
  });
});
