/** Who reaches documents: the role × resource matrix, the content route's headers, signed links, the access log. */
import { describe, expect, it } from 'vitest';
import type { Session } from '../../../tests/support/factories.ts';
import {
  contentUrl,
  type DocumentCast,
  documentCast,
  documentsTestApp,
  download,
  pdfFile,
  textFile,
  upload,
  uploaded,
} from './documents.factories.ts';

const { t } = documentsTestApp({ documentLinkTtlSeconds: 300 });

/** Every route that would tell something about the cast's document, answered for `who` (null: no session). */
async function probe(c: DocumentCast, who: Session | null) {
  const doc = await uploaded(t, c.client, c.dossierId, pdfFile(), 'bilan.pdf');
  const version = doc.currentVersion.id;
  const token = who?.token;
  const call = (method: string, path: string) => t.request(method, path, { token }).then((r) => r.status);
  return {
    list: await call('GET', `/api/dossiers/${c.dossierId}/documents`),
    metadata: await call('GET', `/api/documents/${doc.id}`),
    bytes: (await download(t, who, contentUrl(doc, version))).status,
    preview: (await download(t, who, contentUrl(doc, version, 'inline'))).status,
    link: await call('POST', `/api/documents/${doc.id}/versions/${version}/link`),
    accessLog: await call('GET', `/api/documents/${doc.id}/access-log`),
    upload: who ? (await upload(t, who, c.dossierId, textFile(), 'x.txt')).status : 401,
  };
}

const refusedWith = (status: number) => ({
  list: status,
  metadata: status,
  bytes: status,
  preview: status,
  link: status,
  accessLog: status,
  upload: status,
});

describe('the role × resource matrix', () => {
  it('shows a client of another company nothing of the dossier’s documents', async () => {
    const c = await documentCast(t);
    expect(await probe(c, c.outsider)).toEqual(refusedWith(404));
  });

  it('shows an expert not assigned to the dossier nothing', async () => {
    const c = await documentCast(t);
    expect(await probe(c, c.otherExpert)).toEqual(refusedWith(404));
  });

  it('asks an anonymous caller to sign in for everything', async () => {
    const c = await documentCast(t);
    expect(await probe(c, null)).toEqual(refusedWith(401));
  });

  it('lets the client, the dossier’s expert and an admin read, the client not the access log', async () => {
    const c = await documentCast(t);
    const { accessLog: _clientLog, ...client } = await probe(c, c.client);
    expect(client).toEqual({ list: 200, metadata: 200, bytes: 200, preview: 200, link: 200, upload: 201 });
    expect(_clientLog).toBe(403);
    expect(await probe(c, c.expert)).toEqual({ ...refusedWith(200), upload: 201 });
    expect(await probe(c, c.admin)).toEqual({ ...refusedWith(200), upload: 201 });
  });

  it('tells each what they may do in the panel', async () => {
    const c = await documentCast(t);
    const can = async (who: Session) =>
      (await t.request('GET', `/api/dossiers/${c.dossierId}/documents`, { token: who.token })).body.can;
    expect(await can(c.client)).toEqual({
      upload: true,
      review: false,
      request: false,
      readAccessLog: false,
    });
    expect(await can(c.expert)).toEqual({ upload: true, review: true, request: true, readAccessLog: true });
  });
});

describe('serving the bytes', () => {
  it('shows a PDF inline when asked, with its exact name in UTF-8', async () => {
    const c = await documentCast(t);
    const doc = await uploaded(t, c.client, c.dossierId, pdfFile(), 'relevé « mars ».pdf');
    const res = await download(t, c.client, contentUrl(doc, doc.currentVersion.id, 'inline'));
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(
      `inline; filename="relev_ _ mars _.pdf"; filename*=UTF-8''relev%C3%A9%20%C2%AB%20mars%20%C2%BB.pdf`,
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('downloads what cannot be previewed, even when asked inline', async () => {
    const c = await documentCast(t);
    const doc = await uploaded(t, c.client, c.dossierId, textFile(), 'notes.txt');
    const res = await download(t, c.client, contentUrl(doc, doc.currentVersion.id, 'inline'));
    expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
  });
});

describe('signed links', () => {
  const linkFor = async (
    who: Session,
    doc: { id: string; currentVersion: { id: string } },
    inline = false,
  ) => {
    const res = await t.request(
      'POST',
      `/api/documents/${doc.id}/versions/${doc.currentVersion.id}/link${inline ? '?disposition=inline' : ''}`,
      { token: who.token },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { url: string; expiresAt: string };
  };

  it('serves the bytes without a session until it expires', async () => {
    const c = await documentCast(t);
    const bytes = pdfFile();
    const doc = await uploaded(t, c.client, c.dossierId, bytes, 'devis.pdf');
    const link = await linkFor(c.client, doc, true);
    expect(new Date(link.expiresAt).getTime() - t.clock.now().getTime()).toBeGreaterThan(299_000);
    const first = await download(t, null, link.url);
    expect([first.status, first.bytes.equals(bytes)]).toEqual([200, true]);
    expect(first.headers.get('content-disposition')).toMatch(/^inline;/);
    t.clock.advance(290_000);
    expect((await download(t, null, link.url)).status).toBe(200);
  });

  it('refuses a link past its expiry', async () => {
    const c = await documentCast(t);
    const doc = await uploaded(t, c.client, c.dossierId);
    const link = await linkFor(c.client, doc);
    t.clock.advance(301_000);
    const res = await t.request('GET', link.url);
    expect([res.status, res.body.error.code]).toEqual([403, 'DOCUMENT_LINK_INVALID']);
  });

  it('refuses a forged link', async () => {
    const c = await documentCast(t);
    const doc = await uploaded(t, c.client, c.dossierId);
    const other = await uploaded(t, c.client, c.dossierId);
    const link = await linkFor(c.client, doc);
    // The version id is the token's first bytes: pointing it at another version breaks the signature.
    const token = Buffer.from(link.url.split('/').pop()!, 'base64url');
    Buffer.from(other.currentVersion.id.replaceAll('-', ''), 'hex').copy(token, 0);
    const forged = await t.request('GET', `/api/document-links/${token.toString('base64url')}`);
    expect([forged.status, forged.body.error.code]).toEqual([403, 'DOCUMENT_LINK_INVALID']);
    const garbage = await t.request('GET', '/api/document-links/not-a-token');
    expect(garbage.status).toBe(403);
  });

  it('stops serving once its maker may no longer read the document', async () => {
    const c = await documentCast(t);
    const doc = await uploaded(t, c.client, c.dossierId);
    const link = await linkFor(c.expert, doc);
    const replaced = await t.request('POST', `/api/admin/dossiers/${c.dossierId}/assign`, {
      token: c.admin.token,
      body: { expertId: c.otherExpert.user.id, reason: 'Expert indisponible' },
    });
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    const res = await t.request('GET', link.url);
    expect([res.status, res.body.error?.code]).toEqual([403, 'DOCUMENT_LINK_INVALID']);
  });

  it('stops serving once the document is deleted', async () => {
    const c = await documentCast(t);
    const doc = await uploaded(t, c.client, c.dossierId);
    const link = await linkFor(c.client, doc);
    const del = await t.request('DELETE', `/api/documents/${doc.id}`, { token: c.client.token });
    expect(del.status, JSON.stringify(del.body)).toBe(204);
    expect((await t.request('GET', link.url)).status).toBe(404);
  });
});

describe('the access log', () => {
  it('records views and downloads, with who, how and from where', async () => {
    const c = await documentCast(t);
    const doc = await uploaded(t, c.client, c.dossierId, pdfFile(), 'kbis.pdf');
    await download(t, c.client, contentUrl(doc, doc.currentVersion.id, 'inline'));
    t.clock.advance(1000);
    await download(t, c.expert, contentUrl(doc, doc.currentVersion.id));
    t.clock.advance(1000);
    const link = await t.request('POST', `/api/documents/${doc.id}/versions/${doc.currentVersion.id}/link`, {
      token: c.client.token,
    });
    await download(t, null, link.body.url);
    const log = await t.request('GET', `/api/documents/${doc.id}/access-log`, { token: c.expert.token });
    expect(log.status).toBe(200);
    expect(log.body.items.map((e: any) => [e.user?.id, e.action, e.via, e.version])).toEqual([
      [c.client.user.id, 'download', 'signed_link', 1],
      [c.expert.user.id, 'download', 'route', 1],
      [c.client.user.id, 'preview', 'route', 1],
    ]);
    expect(log.body.items[0].ip).toBe('127.0.0.1');
  });

  it('pages through the entries, newest first', async () => {
    const c = await documentCast(t);
    const doc = await uploaded(t, c.client, c.dossierId);
    for (let i = 0; i < 3; i++) {
      await download(t, c.client, contentUrl(doc, doc.currentVersion.id));
      t.clock.advance(1000);
    }
    const first = await t.request('GET', `/api/documents/${doc.id}/access-log?limit=2`, {
      token: c.admin.token,
    });
    expect(first.body.items).toHaveLength(2);
    const rest = await t.request(
      'GET',
      `/api/documents/${doc.id}/access-log?limit=2&cursor=${first.body.nextCursor}`,
      { token: c.admin.token },
    );
    expect(rest.body).toMatchObject({ items: [{}], nextCursor: null });
    expect(new Date(rest.body.items[0].at) < new Date(first.body.items[1].at)).toBe(true);
  });
});
