/**
 * Upload throughput through the real API (multipart POST /api/dossiers/:id/documents, as a form posts a
 * file), one file at a time, 1 MB and 50 MB files of random content (each its own SHA-256; a phone's HEIC photo by
 * its first bytes), into each store: local disk and an S3 server (s3rver in a child process), each with and without
 * encryption at rest. Each upload is timed from the request's first byte to the end of the answer; between two,
 * the bench waits for the version's text extraction to end, untimed, so that one upload's background work does not
 * slow the next. The floor: the same files copied on the same disk by a stream pipe with fsync (the durability the
 * local store gives), measured before and after the uploads, the faster run kept. Beside each store, the same
 * files put into the same store by the bench process itself (`createStorage`, no HTTP, no checks, no database): what
 * the store and its server allow, from which the app's own share of an upload's time shows.
 */
import { randomFillSync, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import { loadConfig, type StorageConfig } from '../server/config.ts';
import type { Db } from '../server/db/pool.ts';
import { productDefinitions } from '../server/db/seed/products.ts';
import { createStorage } from '../server/platform/storage/index.ts';
import { TokenService } from '../server/platform/tokens.ts';
import { benchId } from './documents-ids.ts';
import { startS3Child, stopS3Child } from './documents-s3.ts';
import { type BenchStore, startServer, stopServer } from './documents-server.ts';
import { percentiles, round2 } from './support.ts';

const MiB = 1024 * 1024;
export type UploadSize = { label: '1mb' | '50mb'; bytes: number; files: number };
export type UploadStore = { store: 'local' | 's3'; encrypted: boolean };
export const uploadStores: UploadStore[] = [
  { store: 'local', encrypted: false },
  { store: 'local', encrypted: true },
  { store: 's3', encrypted: false },
  { store: 's3', encrypted: true },
];
// A HEIC photo's box header: file-type (and so the server) tells the type from these bytes.
const HEIC_HEADER = Buffer.from('000000186674797068656963000000006d69663168656963', 'hex');

type Throughput = { mb_per_s: number; p50_ms: number; p95_ms: number; files: number };
export type PerSize = Record<UploadSize['label'], Throughput>;
export type AgainstFloor = Record<UploadSize['label'], Throughput & { floor_ratio: number }>;
export type UploadResults = {
  floor: PerSize;
  stores: (UploadStore & AgainstFloor & { store_alone: AgainstFloor })[];
};

export const uploadSizes = (quick: boolean): UploadSize[] => [
  { label: '1mb', bytes: MiB, files: quick ? 5 : 20 },
  { label: '50mb', bytes: 50 * MiB, files: quick ? 2 : 8 },
];

async function randomFile(file: string, bytes: number) {
  const stream = createWriteStream(file);
  for (let written = 0; written < bytes; written += MiB) {
    const chunk = randomFillSync(Buffer.alloc(Math.min(MiB, bytes - written)));
    if (written === 0) HEIC_HEADER.copy(chunk);
    if (!stream.write(chunk)) await new Promise((r) => stream.once('drain', r));
  }
  await new Promise<void>((resolve, reject) =>
    stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

const throughput = (bytes: number, times: number[]): Throughput => {
  const p = percentiles(times);
  const total = times.reduce((a, b) => a + b, 0);
  return {
    mb_per_s: round2(bytes / MiB / (total / 1000)),
    p50_ms: p.p50_ms,
    p95_ms: p.p95_ms,
    files: times.length,
  };
};

/**
 * Each file of each size through `timed`, one at a time; what `timed` answers (removing what it made, waiting for
 * its background work) runs untimed before the next file.
 */
async function eachFileTimed(
  sources: Map<UploadSize, string[]>,
  timed: (file: string, size: UploadSize) => Promise<() => Promise<unknown>>,
): Promise<PerSize> {
  const results = {} as PerSize;
  for (const [size, files] of sources) {
    const times: number[] = [];
    for (const file of files) {
      const started = performance.now();
      const after = await timed(file, size);
      times.push(performance.now() - started);
      await after();
    }
    results[size.label] = throughput(size.bytes * files.length, times);
  }
  return results;
}

const copyFloor = (sources: Map<UploadSize, string[]>, dir: string) =>
  eachFileTimed(sources, async (source) => {
    const target = path.join(dir, `copy-${path.basename(source)}`);
    await pipeline(createReadStream(source), createWriteStream(target, { flush: true }));
    return () => rm(target);
  });

/** A company of its own with a client and one open dossier per store measured, its documents removed each run. */
async function uploadFixtures(db: Db) {
  const company = benchId(9, 1);
  const client = benchId(9, 2);
  await sql`INSERT INTO companies (id, name, siren, sector, size, region)
    VALUES (${company}, 'Entreprise banc envois', '399999999', 'transport_routier', '10-49', 'ile-de-france')
    ON CONFLICT DO NOTHING`.execute(db);
  await sql`INSERT INTO users (id, email, password_hash, role, status, first_name, last_name, company_id)
    VALUES (${client}, 'upload.client@bench.test', 'not-a-login', 'client', 'active', 'Client', 'Envois', ${company})
    ON CONFLICT DO NOTHING`.execute(db);
  const dossiers = uploadStores.map((_, k) => benchId(9, 10 + k));
  for (const [k, id] of dossiers.entries()) {
    await sql`INSERT INTO dossiers (id, company_id, product_code, status, expert_id, estimated_cents, created_by,
        status_changed_at, created_at, updated_at)
      VALUES (${id}, ${company}, ${productDefinitions[k]!.code}, 'documents_pending', ${benchId(3, 1)}, 100000,
        ${client}, now(), now(), now())
      ON CONFLICT DO NOTHING`.execute(db);
  }
  const tokens = new TokenService(loadConfig({ NODE_ENV: 'test' }).jwtSecret, 86_400);
  const token = await tokens.signAccess({ sub: client, role: 'client' }, new Date());
  return { dossiers, token };
}

const removeDocuments = (db: Db, dossierId: string) =>
  sql`DELETE FROM documents WHERE dossier_id = ${dossierId}`.execute(db);

/** Waits (untimed) until the version's extraction has ended, at most 60 s. */
async function extractionSettled(db: Db, versionId: string) {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    const row = await sql<{ status: string }>`
      SELECT extraction_status AS status FROM document_versions WHERE id = ${versionId}`.execute(db);
    if (row.rows[0]?.status !== 'pending') return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const keepAlive = new http.Agent({ keepAlive: true });

/**
 * One multipart upload as a lean client sends it: the form's fields, then the file streamed from disk, with its
 * length announced. (Node's fetch encoding a FormData costs the client about twice this transport's time: its
 * own time would be counted as the server's.)
 */
async function upload(port: number, token: string, dossierId: string, file: string): Promise<string> {
  const boundary = `----ft-bench-${randomUUID()}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="category"\r\n\r\nother\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${path.basename(file)}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const { size } = await stat(file);
  const request = http.request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: `/api/dossiers/${dossierId}/documents`,
    agent: keepAlive,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'content-length': head.length + size + tail.length,
    },
  });
  const send = async () => {
    request.write(head);
    await pipeline(createReadStream(file, { highWaterMark: MiB }), request, { end: false });
    request.end(tail);
  };
  const [responded] = await Promise.all([once(request, 'response'), send()]);
  const response = responded[0] as http.IncomingMessage;
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { currentVersion?: { id: string } };
  if (response.statusCode !== 201)
    throw new Error(`upload answered ${response.statusCode}: ${JSON.stringify(body)}`);
  return body.currentVersion!.id;
}

/** The files put into the store by this process, one at a time, each removed once timed. */
function measureStoreAlone(config: StorageConfig, sources: Map<UploadSize, string[]>) {
  const storage = createStorage(config);
  return eachFileTimed(sources, async (file, size) => {
    const blob = await storage.put(createReadStream(file), { maxBytes: size.bytes, prefix: 'bench' });
    return () => storage.delete(blob.key);
  });
}

async function measureStore(
  url: string,
  db: Db,
  store: BenchStore,
  fixtures: { token: string; dossierId: string },
  sources: Map<UploadSize, string[]>,
  warmUp: string,
) {
  const { child, port } = await startServer(url, store);
  try {
    await removeDocuments(db, fixtures.dossierId);
    await extractionSettled(db, await upload(port, fixtures.token, fixtures.dossierId, warmUp));
    return await eachFileTimed(sources, async (file) => {
      const versionId = await upload(port, fixtures.token, fixtures.dossierId, file);
      return () => extractionSettled(db, versionId);
    });
  } finally {
    await stopServer(child);
    await removeDocuments(db, fixtures.dossierId);
  }
}

export async function uploadThroughput(url: string, db: Db, workDir: string, sizes: UploadSize[]) {
  await rm(workDir, { recursive: true, force: true });
  const sourceDir = path.join(workDir, 'sources');
  await mkdir(sourceDir, { recursive: true });
  const sources = new Map<UploadSize, string[]>();
  for (const size of sizes) {
    const files = Array.from({ length: size.files }, (_, i) =>
      path.join(sourceDir, `${size.label}-${i + 1}.heic`),
    );
    for (const file of files) await randomFile(file, size.bytes);
    sources.set(size, files);
  }
  const warmUp = path.join(sourceDir, 'warm-up.heic');
  await randomFile(warmUp, MiB);
  const fixtures = await uploadFixtures(db);
  try {
    console.log('Upload: the floor (stream copy with fsync)…');
    const floorBefore = await copyFloor(sources, workDir);
    const measured: Record<'app' | 'alone', PerSize>[] = [];
    for (const [k, store] of uploadStores.entries()) {
      console.log(`Upload: ${store.store}${store.encrypted ? ', encrypted' : ''}…`);
      const s3 = store.store === 's3' ? await startS3Child() : null;
      try {
        const dataDir = path.join(workDir, `app-${k}`);
        const masterKey = store.encrypted ? randomFillSync(Buffer.alloc(32)) : undefined;
        const app = await measureStore(
          url,
          db,
          { dataDir, s3: s3?.settings, masterKeyHex: masterKey?.toString('hex') },
          { token: fixtures.token, dossierId: fixtures.dossiers[k]! },
          sources,
          warmUp,
        );
        const alone = await measureStoreAlone(
          {
            dataDir: path.join(workDir, `alone-${k}`),
            s3: s3?.settings,
            masterKey,
            encrypt: store.encrypted,
          },
          sources,
        );
        measured.push({ app, alone });
      } finally {
        if (s3) await stopS3Child(s3.child);
      }
    }
    const floorAfter = await copyFloor(sources, workDir);
    const floor = {} as PerSize;
    for (const size of sizes) {
      const [before, after] = [floorBefore[size.label], floorAfter[size.label]];
      floor[size.label] = before.mb_per_s >= after.mb_per_s ? before : after;
    }
    const againstFloor = (times: PerSize) => {
      const result = {} as AgainstFloor;
      for (const size of sizes) {
        const t = times[size.label];
        result[size.label] = { ...t, floor_ratio: round2(t.mb_per_s / floor[size.label].mb_per_s) };
      }
      return result;
    };
    const stores = uploadStores.map((store, k) => ({
      ...store,
      ...againstFloor(measured[k]!.app),
      store_alone: againstFloor(measured[k]!.alone),
    }));
    return { floor, stores } satisfies UploadResults;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** The worst ratio to the floor over every store and size measured, and where it was. */
export function worstUploadRatio(results: UploadResults) {
  let worst = { ratio: Number.POSITIVE_INFINITY, of: '' };
  for (const s of results.stores) {
    for (const label of ['1mb', '50mb'] as const) {
      if (s[label].floor_ratio < worst.ratio)
        worst = { ratio: s[label].floor_ratio, of: `${s.store}${s.encrypted ? ' encrypted' : ''} ${label}` };
    }
  }
  return worst;
}
