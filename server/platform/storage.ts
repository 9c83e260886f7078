import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError, notFound } from './errors.ts';

export type BlobSource = Readable | AsyncIterable<Uint8Array>;
export type StoredBlob = { key: string; size: number };

/**
 * Where uploaded files live. Keys are opaque and made by the store; callers keep them in the database.
 * Local disk is the default; an S3-compatible store implements the same three calls (put as a multipart upload
 * with the same running size check, get as a GetObject body stream, delete as DeleteObject).
 */
export interface BlobStorage {
  /** Streams `source` into a new blob; fails with 413, leaving nothing behind, past `maxBytes`. */
  put(source: BlobSource, options: { maxBytes: number; prefix?: string }): Promise<StoredBlob>;
  /** The blob's bytes as a stream; 404 when the key is unknown. */
  get(key: string): Promise<{ stream: Readable; size: number }>;
  /** Removes a blob; removing a missing blob is not an error. */
  delete(key: string): Promise<void>;
}

export const payloadTooLarge = (maxBytes: number) =>
  new AppError(413, 'PAYLOAD_TOO_LARGE', `Fichier trop volumineux (maximum ${formatBytes(maxBytes)})`, {
    maxBytes,
  });

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / 1024 / 1024) * 10) / 10} Mo`;
  if (n >= 1024) return `${Math.round(n / 1024)} Ko`;
  return `${n} octets`;
}

/** Counts bytes as they pass and stops the stream as soon as the limit is crossed. */
async function* limited(source: BlobSource, maxBytes: number, counter: { size: number }) {
  for await (const chunk of source as AsyncIterable<Uint8Array>) {
    counter.size += chunk.length;
    if (counter.size > maxBytes) throw payloadTooLarge(maxBytes);
    yield chunk;
  }
}

const KEY = /^[a-z0-9-]{1,32}\/[0-9a-f]{2}\/[0-9a-f]{32}$/;

/** Files under `root`, two-level fan-out by key so no directory grows without bound. */
export class LocalDiskStorage implements BlobStorage {
  private readonly root: string;
  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private pathOf(key: string): string {
    // Keys come from our database, but never let one address a file outside the root.
    if (!KEY.test(key)) throw notFound('Fichier');
    return path.join(this.root, key);
  }

  async put(source: BlobSource, options: { maxBytes: number; prefix?: string }): Promise<StoredBlob> {
    const id = randomBytes(16).toString('hex');
    const key = `${options.prefix ?? 'blobs'}/${id.slice(0, 2)}/${id}`;
    const file = this.pathOf(key);
    await mkdir(path.dirname(file), { recursive: true });
    const counter = { size: 0 };
    try {
      await pipeline(limited(source, options.maxBytes, counter), createWriteStream(file, { flags: 'wx' }));
    } catch (error) {
      await rm(file, { force: true });
      throw error;
    }
    return { key, size: counter.size };
  }

  async get(key: string): Promise<{ stream: Readable; size: number }> {
    const file = this.pathOf(key);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw notFound('Fichier');
    return { stream: createReadStream(file), size: info.size };
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }
}

export function createStorage(config: { dataDir: string }): BlobStorage {
  return new LocalDiskStorage(path.join(config.dataDir, 'blobs'));
}
