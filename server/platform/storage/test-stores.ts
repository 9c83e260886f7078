import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { s3Settings, startS3Server } from '../../../tests/support/s3-server.ts';
import type { BlobStorage } from './blob-storage.ts';
import { LocalDiskStorage } from './local-disk.ts';
import { S3Storage } from './s3.ts';

export const storeKinds = ['local disk', 's3'] as const;
export type StoreKind = (typeof storeKinds)[number];

export type TestStore = {
  store: BlobStorage;
  /** Unfinished writes as the backing storage holds them: `.part` files, or s3rver's pending multipart uploads. */
  incompleteWrites: () => Promise<number>;
  close: () => Promise<void>;
};

/** A store of the test's own: on a temporary folder, or on an s3rver started for it (with no bucket yet). */
export async function openTestStore(kind: StoreKind): Promise<TestStore> {
  if (kind === 'local disk') {
    const root = await mkdtemp(path.join(tmpdir(), 'ft-blobs-'));
    return {
      store: new LocalDiskStorage(root),
      incompleteWrites: async () =>
        (await readdir(root, { recursive: true })).filter((name) => name.endsWith('.part')).length,
      close: () => rm(root, { recursive: true, force: true }),
    };
  }
  const server = await startS3Server();
  return {
    store: new S3Storage(s3Settings(server)),
    incompleteWrites: async () =>
      (await readdir(path.join(server.directory, server.bucket, '._S3rver_uploads')).catch(() => [])).length,
    close: server.stop,
  };
}

let prefixes = 0;
/** A prefix no other test writes under, so that listings see only the test's own blobs. */
export const uniquePrefix = () => `test-${process.pid}-${++prefixes}`;

/** `bytes` as a stream of `size`-byte chunks, as a request body arrives. */
export async function* chunked(bytes: Buffer, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

export async function readAll(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const read: Uint8Array[] = [];
  for await (const chunk of stream) read.push(chunk);
  return Buffer.concat(read);
}

export const oneMinuteAgo = () => new Date(Date.now() - 60_000);
export const inOneMinute = () => new Date(Date.now() + 60_000);
