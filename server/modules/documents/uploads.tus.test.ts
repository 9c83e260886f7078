import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  approvedExpert,
  createAdmin,
  createDossier,
  registerClient,
  type Session,
} from '../../../tests/support/factories.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import { assignedDossier } from '../dossiers/dossiers.factories.ts';
import { expireUploads } from './uploads.jobs.ts';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ft-uploads-tus-'));
const stagingDir = path.join(dataDir, 'uploads');
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const { t, cast } = appWith(
  async (t) => {
    const [client, otherClient, admin] = await Promise.all([
      registerClient(t),
      registerClient(t),
      createAdmin(t),
    ]);
    const dossier = await createDossier(t, client);
    return { client, otherClient, admin, dossierId: dossier.id };
  },
  { overrides: { dataDir, storage: { dataDir, s3: undefined, masterKey: undefined, encrypt: false } } },
);

const MB = 1024 * 1024;
/** A PDF by its magic bytes, random after them: any byte lost or doubled changes its hash. */
const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const tusHeaders = (who: Session | null, extra: Record<string, string> = {}) => ({
  'Tus-Resumable': '1.0.0',
  ...(who ? { Authorization: `Bearer ${who.token}` } : {}),
  ...extra,
});

const encodeMetadata = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');

const create = (who: Session | null, length: number, fields: Record<string, string>) =>
  fetch(`${t.baseUrl}/api/uploads`, {
    method: 'POST',
    headers: tusHeaders(who, { 'Upload-Length': String(length), 'Upload-Metadata': encodeMetadata(fields) }),
  });

/** A new upload's address (its Location) for `fields` of the file's dossier. */
async function created(who: Session, length: number, fields: Record<string, string> = {}) {
  const res = await create(who, length, {
    dossierId: cast.dossierId,
    filename: 'releve.pdf',
    category: 'kbis',
    ...fields,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.headers.get('location')!;
}

const head = (who: Session, location: string) =>
  fetch(`${t.baseUrl}${location}`, { method: 'HEAD', headers: tusHeaders(who) });

const patch = (
  who: Session,
  location: string,
  offset: number,
  body: RequestInit['body'],
  signal?: AbortSignal,
) =>
  fetch(`${t.baseUrl}${location}`, {
    method: 'PATCH',
    headers: tusHeaders(who, {
      'Upload-Offset': String(offset),
      'Content-Type': 'application/offset+octet-stream',
    }),
    body,
    signal,
    duplex: 'half',
  } as RequestInit);

/** A tus answer's JSON body (the document, or the API's error shape). */
const json = (res: Response): Promise<any> => res.json();

const stagedFiles = async () => readdir(stagingDir).catch(() => []);

const documentsOf = (dossierId: string) =>
  t.db.selectFrom('documents').select('id').where('dossierId', '=', dossierId).execute();

async function storedBlobs(): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of t.app.services.storage.list('documents', new Date(Date.now() + 60_000)))
    keys.push(key);
  return keys;
}

describe('a resumable upload', () => {
  it('resumes after a connection cut halfway and completes byte-exact', async () => {
    const file = pdf(3 * MB);
    const location = await created(cast.client, file.length, { filename: 'factures-2025.pdf' });
    const id = location.split('/').pop()!;

    // The first PATCH sends half the file, then its connection drops while the rest is awaited.
    const cut = new AbortController();
    const firstHalf = file.subarray(0, 1.5 * MB);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= firstHalf.length) return new Promise(() => {});
        const chunk = firstHalf.subarray(sent, sent + 64 * 1024);
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const first = patch(cast.client, location, 0, body, cut.signal).catch((error: unknown) => error);
    await vi.waitFor(
      async () => expect((await stat(path.join(stagingDir, id))).size).toBeGreaterThanOrEqual(MB),
      {
        timeout: 10_000,
      },
    );
    cut.abort();
    expect(await first).toBeInstanceOf(Error);

    const probe = await head(cast.client, location);
    const offset = Number(probe.headers.get('upload-offset'));
    expect(offset).toBeGreaterThanOrEqual(MB);
    expect(offset).toBeLessThanOrEqual(firstHalf.length);

    const last = await patch(cast.client, location, offset, file.subarray(offset));
    const document = await json(last);
    expect(last.status, JSON.stringify(document)).toBe(200);
    const version = document.currentVersion;
    expect([version.filename, version.sizeBytes, version.sha256]).toEqual([
      'factures-2025.pdf',
      file.length,
      sha256(file),
    ]);
    const download = await fetch(
      `${t.baseUrl}/api/documents/${document.id}/versions/${version.id}/content?disposition=attachment`,
      { headers: { Authorization: `Bearer ${cast.client.token}` } },
    );
    expect(sha256(new Uint8Array(await download.arrayBuffer()))).toBe(sha256(file));
    await vi.waitFor(async () => expect(await stagedFiles()).not.toContain(id));
  });

  it('answers with the tus headers next to the app’s security headers', async () => {
    const location = await created(cast.client, 1000);
    const res = await head(cast.client, location);
    expect({
      status: res.status,
      tus: res.headers.get('tus-resumable'),
      offset: res.headers.get('upload-offset'),
      length: res.headers.get('upload-length'),
      cache: res.headers.get('cache-control'),
      nosniff: res.headers.get('x-content-type-options'),
      requestId: res.headers.get('x-request-id') !== null,
      cors: res.headers.get('access-control-allow-origin'),
    }).toEqual({
      status: 200,
      tus: '1.0.0',
      offset: '0',
      length: '1000',
      cache: 'no-store',
      nosniff: 'nosniff',
      requestId: true,
      cors: null,
    });
  });

  it('tells anyone the server’s capabilities', async () => {
    const res = await fetch(`${t.baseUrl}/api/uploads`, { method: 'OPTIONS' });
    expect({
      status: res.status,
      version: res.headers.get('tus-version'),
      maxSize: res.headers.get('tus-max-size'),
      extensions: res.headers.get('tus-extension')?.split(','),
    }).toEqual({
      status: 204,
      version: '1.0.0',
      maxSize: String(t.app.services.documents.deps.config.documentMaxBytes),
      extensions: expect.arrayContaining(['creation', 'termination', 'expiration']),
    });
  });

  it('gives a relative location under /api/uploads', async () => {
    expect(await created(cast.client, 1000)).toMatch(/^\/api\/uploads\/[0-9a-f]{32}$/);
  });

  it('fulfils the request it answers', async () => {
    const admin = cast.admin;
    const expert = await approvedExpert(t, admin);
    const { client, d } = await assignedDossier(t, admin, expert);
    const asked = await t.request('POST', `/api/dossiers/${d.id}/document-requests`, {
      token: expert.token,
      body: { category: 'kbis' },
    });
    const file = pdf(10_000);
    const location = await created(client, file.length, { dossierId: d.id, requestId: asked.body.id });
    const document = await json(await patch(client, location, 0, file));
    const requests = await t.request('GET', `/api/document-requests?dossierId=${d.id}`, {
      token: client.token,
    });
    expect(requests.body.items).toEqual([
      expect.objectContaining({ id: asked.body.id, status: 'fulfilled', documentId: document.id }),
    ]);
  });

  it('lets its owner terminate it', async () => {
    const location = await created(cast.client, 1000);
    const removed = await fetch(`${t.baseUrl}${location}`, {
      method: 'DELETE',
      headers: tusHeaders(cast.client),
    });
    expect([removed.status, (await head(cast.client, location)).status]).toEqual([204, 404]);
  });
});

describe('creating an upload', () => {
  const valid = () => ({ dossierId: cast.dossierId, filename: 'kbis.pdf', category: 'kbis' });

  it('needs a session', async () => {
    const res = await create(null, 1000, valid());
    expect(res.status).toBe(401);
  });

  it('refuses metadata without a file name', async () => {
    const { filename: _, ...fields } = valid();
    const res = await create(cast.client, 1000, fields);
    expect([res.status, (await json(res)).error.code]).toEqual([400, 'DOCUMENT_UPLOAD_INVALID']);
  });

  it('refuses a category that is not in the catalogue', async () => {
    const res = await create(cast.client, 1000, { ...valid(), category: 'passport' });
    expect([res.status, (await json(res)).error.code]).toEqual([400, 'DOCUMENT_UPLOAD_INVALID']);
  });

  it('answers 404 for a dossier the caller does not see', async () => {
    const res = await create(cast.otherClient, 1000, valid());
    expect([res.status, (await json(res)).error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('refuses a file larger than the maximum', async () => {
    const res = await create(cast.client, t.app.services.documents.deps.config.documentMaxBytes + 1, valid());
    expect(res.status).toBe(413);
  });

  it('refuses an empty file', async () => {
    const res = await create(cast.client, 0, valid());
    expect([res.status, (await json(res)).error.code]).toEqual([422, 'DOCUMENT_EMPTY']);
  });
});

describe('a request outside the protocol', () => {
  it('answers a missing Tus-Resumable header with 412 in the error shape', async () => {
    const location = await created(cast.client, 10);
    const res = await fetch(`${t.baseUrl}${location}`, {
      method: 'PATCH',
      headers: {
        Authorization: `Bearer ${cast.client.token}`,
        'Content-Type': 'application/offset+octet-stream',
      },
      body: pdf(10),
    });
    expect([res.status, (await json(res)).error.code]).toEqual([412, 'DOCUMENT_UPLOAD_INVALID']);
  });

  it('answers an id the server never made with 404 in the error shape', async () => {
    const res = await patch(cast.client, `/api/uploads/${'%F0%9F%98%80'.repeat(20)}`, 0, Buffer.from('a'));
    expect([res.status, (await json(res)).error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('answers an offset that does not match with 409 in the error shape', async () => {
    const location = await created(cast.client, 10);
    const res = await patch(cast.client, location, 5, Buffer.from('abcde'));
    expect([res.status, (await json(res)).error.code]).toEqual([409, 'CONFLICT']);
  });
});

describe('someone else’s upload', () => {
  it('does not exist for another user’s HEAD', async () => {
    const location = await created(cast.client, 1000);
    const res = await head(cast.admin, location);
    expect(res.status).toBe(404);
  });

  it('takes no byte from another user’s PATCH', async () => {
    const location = await created(cast.client, 1000);
    const res = await patch(cast.otherClient, location, 0, pdf(1000));
    const owner = await head(cast.client, location);
    expect([res.status, owner.headers.get('upload-offset')]).toEqual([404, '0']);
  });
});

describe('finishing an upload', () => {
  it('refuses a file type at the last byte, leaving no row, no blob and no staged file', async () => {
    const client = await registerClient(t);
    const own = await createDossier(t, client);
    const blobsBefore = await storedBlobs();
    const executable = Buffer.concat([Buffer.from('MZ'), randomBytes(5000)]);
    const location = await created(client, executable.length, { dossierId: own.id, filename: 'facture.pdf' });
    const id = location.split('/').pop()!;
    const res = await patch(client, location, 0, executable);
    expect([res.status, (await json(res)).error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect(await documentsOf(own.id)).toEqual([]);
    expect(await storedBlobs()).toEqual(blobsBefore);
    await vi.waitFor(async () => expect((await stagedFiles()).filter((f) => f.startsWith(id))).toEqual([]));
  });
});

describe('the expiry job', () => {
  it('removes an upload left unfinished past the resume window', async () => {
    const location = await created(cast.client, 5000);
    const id = location.split('/').pop()!;
    await patch(cast.client, location, 0, pdf(5000).subarray(0, 2000));
    // The store dates uploads by the wall clock: the upload is made to look older than the window.
    const info = path.join(stagingDir, `${id}.json`);
    const stored = JSON.parse(await readFile(info, 'utf8'));
    const hours = t.app.services.documents.deps.config.uploadResumeHours;
    stored.creation_date = new Date(Date.now() - (hours + 1) * 3600_000).toISOString();
    await writeFile(info, JSON.stringify(stored));
    await t.app.services.jobs.runNow(expireUploads, {});
    expect((await stagedFiles()).filter((f) => f.startsWith(id))).toEqual([]);
  });
});
