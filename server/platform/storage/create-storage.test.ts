import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3Server, s3Settings, startS3Server } from '../../../tests/support/s3-server.ts';
import { loadConfig } from '../../config.ts';
import { createStorage } from './index.ts';
import { S3Storage } from './s3.ts';
import { chunked, inOneMinute, readAll } from './test-stores.ts';

const content = Buffer.from('Relevé de compte, janvier 2026');
const masterKey = randomBytes(32).toString('base64');

let dataDir: string;
let s3: S3Server;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'ft-create-storage-'));
  s3 = await startS3Server();
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  await s3.stop();
});

const storageFrom = (env: Record<string, string>) =>
  createStorage(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, ...env }).storage);
const put = (env: Record<string, string>) =>
  storageFrom(env).put(chunked(content), { maxBytes: 1000, prefix: 'documents' });
const onDisk = (key: string) => readFile(path.join(dataDir, 'blobs', key));

describe('createStorage', () => {
  it('keeps blobs plain on local disk under DATA_DIR/blobs by default', async () => {
    const stored = await put({});
    expect(stored.encrypted).toBe(false);
    expect((await onDisk(stored.key)).equals(content)).toBe(true);
  });

  it('encrypts blobs when STORAGE_MASTER_KEY is set', async () => {
    const stored = await put({ STORAGE_MASTER_KEY: masterKey });
    expect(stored.encrypted).toBe(true);
    expect((await onDisk(stored.key)).includes(content)).toBe(false);
    const blob = await storageFrom({ STORAGE_MASTER_KEY: masterKey }).get(stored.key);
    expect((await readAll(blob.stream)).equals(content)).toBe(true);
  });

  it('writes plain with STORAGE_ENCRYPTION=false, still reading what was encrypted', async () => {
    const env = { STORAGE_MASTER_KEY: masterKey, STORAGE_ENCRYPTION: 'false' };
    const earlier = await put({ STORAGE_MASTER_KEY: masterKey });
    const later = await put(env);
    expect(later.encrypted).toBe(false);
    expect((await onDisk(later.key)).equals(content)).toBe(true);
    expect((await readAll((await storageFrom(env).get(earlier.key)).stream)).equals(content)).toBe(true);
  });

  it('stores in the S3 bucket when S3_ENDPOINT and S3_BUCKET are set', async () => {
    const stored = await put({
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: s3.bucket,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    });
    await expect(onDisk(stored.key)).rejects.toThrow(/ENOENT/);
    const blob = await new S3Storage(s3Settings(s3)).get(stored.key);
    expect((await readAll(blob.stream)).equals(content)).toBe(true);
  });

  it('reads, lists and deletes through the S3 store it made, which loads its SDK on first use', async () => {
    const store = storageFrom({
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: s3.bucket,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    });
    const stored = await store.put(chunked(content), { maxBytes: 1000, prefix: 'listed' });
    expect((await readAll((await store.get(stored.key)).stream)).equals(content)).toBe(true);
    const listed: string[] = [];
    for await (const key of store.list('listed', inOneMinute())) listed.push(key);
    expect(listed).toContain(stored.key);
    expect(await store.abandonIncomplete(inOneMinute())).toBe(0);
    await store.delete(stored.key);
    await expect(store.get(stored.key)).rejects.toMatchObject({ status: 404 });
  });
});
