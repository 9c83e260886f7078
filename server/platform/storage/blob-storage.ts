import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { AppError } from '../errors.ts';

export type BlobSource = Readable | AsyncIterable<Uint8Array>;
export type StoredBlob = { key: string; size: number; encrypted: boolean };

/**
 * Where uploaded files live. Keys are opaque and made by the store (`<prefix>/<fan-out>/<id>`); callers keep them in
 * the database.
 */
export interface BlobStorage {
  /**
   * Streams into a new blob written under a temporary name and made visible only when complete (local: rename of a
   * `.part` file; S3: multipart upload completed). 413 past maxBytes, leaving nothing. Encrypts when configured.
   */
  put(source: BlobSource, options: { maxBytes: number; prefix?: string }): Promise<StoredBlob>;
  /** The plain bytes (decrypted when the blob is encrypted); 404 when the key is unknown. size = plain size. */
  get(key: string): Promise<{ stream: Readable; size: number }>;
  /** Removes a blob; removing a missing blob is not an error. */
  delete(key: string): Promise<void>;
  /** Complete blobs under a prefix created before `olderThan` (for reconciliation). */
  list(prefix: string, olderThan: Date): AsyncIterable<string>;
  /** Removes unfinished writes (local `.part` files, S3 incomplete multipart uploads) older than `olderThan`. */
  abandonIncomplete(olderThan: Date): Promise<number>;
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
export async function* limited(source: BlobSource, maxBytes: number, counter: { size: number }) {
  for await (const chunk of source as AsyncIterable<Uint8Array>) {
    counter.size += chunk.length;
    if (counter.size > maxBytes) throw payloadTooLarge(maxBytes);
    yield chunk;
  }
}

const PREFIX = /^[a-z0-9-]{1,32}$/;
const KEY = /^[a-z0-9-]{1,32}\/[0-9a-f]{2}\/[0-9a-f]{32}$/;

/** Keys come from our database, but a key must never address anything outside the store. */
export const isBlobKey = (key: string) => KEY.test(key);

export function checkPrefix(prefix: string): string {
  if (!PREFIX.test(prefix)) throw new Error(`Invalid blob prefix: ${prefix}`);
  return prefix;
}

/** A new random key; the two-hex fan-out keeps any one folder (or listing page) small. */
export function newBlobKey(prefix = 'blobs'): string {
  const id = randomBytes(16).toString('hex');
  return `${checkPrefix(prefix)}/${id.slice(0, 2)}/${id}`;
}
