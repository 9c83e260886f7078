import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { DocumentDetail } from '../../../common/documents.ts';
import { type Session, walk } from '../../../tests/support/factories.ts';
import { forwardTo, startTestApp, type TestApp, type TestResponse } from '../../../tests/support/test-app.ts';
import type { Config } from '../../config.ts';
import { type ProposedDossier, proposedDossier } from '../dossiers/dossiers.factories.ts';
import { PNG } from '../messaging/messaging.factories.ts';

/**
 * The app of a test file, its blobs in a temporary directory of its own (so that a test can look at what is on
 * disk), started before its tests and removed after them.
 */
export function documentsTestApp(overrides: Partial<Config> = {}) {
  let t: TestApp | undefined;
  let dataDir = '';
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'ft-documents-'));
    t = await startTestApp({
      dataDir,
      storage: { dataDir, s3: undefined, masterKey: undefined, encrypt: false },
      ...overrides,
    });
  });
  afterAll(async () => {
    await t?.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  return {
    t: forwardTo(() => t),
    dataDir: () => dataDir,
    /** Every file under the app's data directory, complete or not (relative paths). */
    filesOnDisk: () => filesUnder(dataDir),
  };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

export type DocumentCast = ProposedDossier;

/** A client's dossier that its expert took on (documents pending), and people from outside it. */
export async function documentCast(t: TestApp): Promise<DocumentCast> {
  const cast = await proposedDossier(t);
  await walk(t, cast.dossierId, [
    [cast.expert, { to: 'expert_assigned' }],
    // The admin skips the engagement letter's steps (workflow guards), which these tests do not need.
    [cast.admin, { to: 'documents_pending' }],
  ]);
  return cast;
}

/** Cancels the cast's dossier: it is closed from the test clock's now on. */
export async function closeDossier(t: TestApp, c: DocumentCast) {
  await walk(t, c.dossierId, [[c.client, { to: 'cancelled', reason: 'Projet abandonné' }]]);
}

/** Plain text, different every call (the same bytes twice in a dossier are a duplicate). */
export const textFile = (words = 'Facture carburant') => Buffer.from(`${words} ${randomUUID()}\n`);

/** A 1×1 PNG image followed by `size` random bytes: typed as an image by its content, and no two alike. */
export const pngFile = (size = 4096) => Buffer.concat([PNG, randomBytes(size)]);

/** The smallest file a PDF reader recognises, different every call. */
export const pdfFile = () => Buffer.from(`%PDF-1.4\n% ${randomUUID()}\n%%EOF\n`);

export type UploadOptions = {
  category?: string;
  documentId?: string;
  requestId?: string;
  comment?: string;
  type?: string;
};

/** Uploads through the real multipart route: the fields, then the file. */
export async function upload(
  t: TestApp,
  who: Session,
  dossierId: string,
  bytes: Buffer,
  filename: string,
  options: UploadOptions = {},
) {
  const { type = 'application/octet-stream', category = 'fuel_invoices', ...rest } = options;
  const form = new FormData();
  form.append('category', category);
  for (const [name, value] of Object.entries(rest)) if (value !== undefined) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
  const res = await fetch(`${t.baseUrl}/api/dossiers/${dossierId}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${who.token}` },
    body: form,
  });
  return { status: res.status, body: await res.json() } as Omit<TestResponse, 'headers'>;
}

/** An upload that must succeed: the document it made or added a version to. */
export async function uploaded(
  t: TestApp,
  who: Session,
  dossierId: string,
  bytes: Buffer = textFile(),
  filename = 'facture.txt',
  options: UploadOptions = {},
): Promise<DocumentDetail> {
  const res = await upload(t, who, dossierId, bytes, filename, options);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

/** The bytes of a version as the content route serves them. */
export async function download(t: TestApp, who: Session | null, url: string) {
  const res = await fetch(`${t.baseUrl}${url}`, {
    headers: who ? { authorization: `Bearer ${who.token}` } : {},
  });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

export const contentUrl = (d: { id: string }, versionId: string, disposition?: 'inline' | 'attachment') =>
  `/api/documents/${d.id}/versions/${versionId}/content${disposition ? `?disposition=${disposition}` : ''}`;
