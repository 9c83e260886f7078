import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { type BlobSource, type BlobStorage, limited, type StoredBlob } from './blob-storage.ts';

/**
 * Encryption at rest over any store. Each blob has its own random 256-bit data key, wrapped by the master key; the
 * content follows in segments of 64 KiB each sealed with AES-256-GCM, so that both ways stream and any change,
 * reordering or truncation is detected:
 *
 *   header   = MAGIC | wrap IV (12) | wrapped data key (32) | wrap tag (16) | base nonce (12)
 *   segments = ciphertext (≤ 64 KiB) | tag (16), nonce = base nonce + index, additional data = 1 on the last one
 *
 * The magic ends with a NUL byte, which no text file we accept contains: a blob without it was stored plain (before
 * encryption was turned on) and is read as it is.
 */
const MAGIC = Buffer.from('FTE1\0', 'latin1');
const IV_BYTES = 12;
const KEY_BYTES = 32;
const TAG_BYTES = 16;
const WRAPPED_KEY_AT = MAGIC.length + IV_BYTES;
const WRAP_TAG_AT = WRAPPED_KEY_AT + KEY_BYTES;
const BASE_NONCE_AT = WRAP_TAG_AT + TAG_BYTES;
const HEADER_BYTES = BASE_NONCE_AT + IV_BYTES;
const SEGMENT_BYTES = 64 * 1024;
const SEALED_SEGMENT_BYTES = SEGMENT_BYTES + TAG_BYTES;

const ALGORITHM = 'aes-256-gcm';

/** The stored blob is not what was written (altered, truncated) or was written under another master key. */
const integrityError = (what: string) => new Error(`Encrypted blob failed its integrity check: ${what}`);

export class EncryptedStorage implements BlobStorage {
  private readonly inner: BlobStorage;
  private readonly masterKey: Buffer;
  private readonly encrypt: boolean;

  /** `encrypt: false` writes new blobs plain while still reading the encrypted ones. */
  constructor(inner: BlobStorage, masterKey: Buffer, options: { encrypt: boolean }) {
    if (masterKey.length !== KEY_BYTES) throw new Error('The storage master key must be 32 bytes');
    this.inner = inner;
    this.masterKey = masterKey;
    this.encrypt = options.encrypt;
  }

  async put(source: BlobSource, options: { maxBytes: number; prefix?: string }): Promise<StoredBlob> {
    if (!this.encrypt) return this.inner.put(source, options);
    const counter = { size: 0 };
    const stored = await this.inner.put(seal(limited(source, options.maxBytes, counter), this.masterKey), {
      maxBytes: sealedSize(options.maxBytes),
      prefix: options.prefix,
    });
    return { key: stored.key, size: counter.size, encrypted: true };
  }

  async get(key: string): Promise<{ stream: Readable; size: number }> {
    const blob = await this.inner.get(key);
    const chunks = blob.stream[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
    const rest: AsyncIterable<Uint8Array> = { [Symbol.asyncIterator]: () => chunks };
    try {
      const head = await readAtLeast(chunks, HEADER_BYTES);
      if (!head.subarray(0, MAGIC.length).equals(MAGIC)) {
        return { stream: Readable.from(prepend(head, rest)), size: blob.size };
      }
      if (head.length < HEADER_BYTES) throw integrityError('header cut short');
      const dataKey = unwrapKey(head.subarray(0, HEADER_BYTES), this.masterKey);
      const baseNonce = head.subarray(BASE_NONCE_AT, HEADER_BYTES);
      return {
        stream: Readable.from(open(dataKey, baseNonce, prepend(head.subarray(HEADER_BYTES), rest))),
        size: plainSize(blob.size),
      };
    } catch (error) {
      await chunks.return?.();
      throw error;
    }
  }

  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }

  list(prefix: string, olderThan: Date): AsyncIterable<string> {
    return this.inner.list(prefix, olderThan);
  }

  abandonIncomplete(olderThan: Date): Promise<number> {
    return this.inner.abandonIncomplete(olderThan);
  }
}

/** The sealed size of `plain` bytes: one segment at least (an empty blob still has its authenticated last one). */
function sealedSize(plain: number): number {
  return HEADER_BYTES + plain + TAG_BYTES * Math.max(1, Math.ceil(plain / SEGMENT_BYTES));
}

function plainSize(sealed: number): number {
  const body = sealed - HEADER_BYTES;
  const plain = body - TAG_BYTES * Math.max(1, Math.ceil(body / SEALED_SEGMENT_BYTES));
  if (plain < 0) throw integrityError('blob cut short');
  return plain;
}

function nonceOf(baseNonce: Buffer, index: number): Buffer {
  const nonce = Buffer.from(baseNonce);
  nonce.writeBigUInt64BE((baseNonce.readBigUInt64BE(4) + BigInt(index)) & 0xffff_ffff_ffff_ffffn, 4);
  return nonce;
}

const lastFlag = (last: boolean) => Buffer.from([last ? 1 : 0]);

function header(dataKey: KeyObject, masterKey: Buffer, baseNonce: Buffer): Buffer {
  const wrapIv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, masterKey, wrapIv);
  cipher.setAAD(Buffer.concat([MAGIC, baseNonce]));
  const wrapped = Buffer.concat([cipher.update(dataKey.export()), cipher.final()]);
  return Buffer.concat([MAGIC, wrapIv, wrapped, cipher.getAuthTag(), baseNonce]);
}

function unwrapKey(head: Buffer, masterKey: Buffer): KeyObject {
  const wrapIv = head.subarray(MAGIC.length, WRAPPED_KEY_AT);
  const wrapped = head.subarray(WRAPPED_KEY_AT, WRAP_TAG_AT);
  const tag = head.subarray(WRAP_TAG_AT, BASE_NONCE_AT);
  const baseNonce = head.subarray(BASE_NONCE_AT, HEADER_BYTES);
  const decipher = createDecipheriv(ALGORITHM, masterKey, wrapIv);
  decipher.setAAD(Buffer.concat([MAGIC, baseNonce]));
  decipher.setAuthTag(tag);
  try {
    return createSecretKey(Buffer.concat([decipher.update(wrapped), decipher.final()]));
  } catch {
    throw integrityError('the data key does not unwrap (wrong STORAGE_MASTER_KEY or altered header)');
  }
}

/** A sealed segment in pieces (ciphertext, then tag): joining them would copy every byte once more. */
function* sealSegment(
  dataKey: KeyObject,
  baseNonce: Buffer,
  index: number,
  plain: Buffer,
  last: boolean,
): Generator<Buffer> {
  const cipher = createCipheriv(ALGORITHM, dataKey, nonceOf(baseNonce, index));
  cipher.setAAD(lastFlag(last));
  yield cipher.update(plain);
  const rest = cipher.final();
  if (rest.length > 0) yield rest;
  yield cipher.getAuthTag();
}

function openSegment(
  dataKey: KeyObject,
  baseNonce: Buffer,
  index: number,
  sealed: Buffer,
  last: boolean,
): Buffer {
  const decipher = createDecipheriv(ALGORITHM, dataKey, nonceOf(baseNonce, index));
  decipher.setAAD(lastFlag(last));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    // Nothing is released before final() has checked the tag (GCM's final() adds no bytes).
    const plain = decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES));
    decipher.final();
    return plain;
  } catch {
    throw integrityError(`segment ${index} altered, out of place or not the last one`);
  }
}

/**
 * Segments of a stream: a segment is handed out only once more bytes follow it, so the last one is known when the
 * stream ends (the last segment is 0 to `size` bytes long).
 */
async function* segments(source: AsyncIterable<Uint8Array>, size: number) {
  const pending = new Pending();
  let index = 0;
  for await (const chunk of source) {
    pending.push(chunk);
    while (pending.length > size) yield { index: index++, bytes: pending.take(size), last: false };
  }
  yield { index, bytes: pending.take(pending.length), last: true };
}

/**
 * The data key is a KeyObject made once: given as bytes, each segment's cipher imported it again (about 12 µs of
 * the 50 µs a segment costs).
 */
async function* seal(source: AsyncIterable<Uint8Array>, masterKey: Buffer): AsyncGenerator<Uint8Array> {
  const dataKey = createSecretKey(randomBytes(KEY_BYTES));
  const baseNonce = randomBytes(IV_BYTES);
  yield header(dataKey, masterKey, baseNonce);
  for await (const { index, bytes, last } of segments(source, SEGMENT_BYTES)) {
    yield* sealSegment(dataKey, baseNonce, index, bytes, last);
  }
}

async function* open(dataKey: KeyObject, baseNonce: Buffer, source: AsyncIterable<Uint8Array>) {
  for await (const { index, bytes, last } of segments(source, SEALED_SEGMENT_BYTES)) {
    if (bytes.length < TAG_BYTES) throw integrityError('blob cut short');
    const plain = openSegment(dataKey, baseNonce, index, bytes, last);
    if (plain.length > 0) yield plain;
  }
}

async function* prepend(first: Buffer, rest: AsyncIterable<Uint8Array>) {
  if (first.length > 0) yield first;
  yield* rest;
}

/** Reads from `chunks` until `n` bytes have come, or the stream has ended; answers all that was read. */
async function readAtLeast(chunks: AsyncIterator<Uint8Array>, n: number): Promise<Buffer> {
  const read: Uint8Array[] = [];
  let length = 0;
  while (length < n) {
    const next = await chunks.next();
    if (next.done) break;
    read.push(next.value);
    length += next.value.length;
  }
  return Buffer.concat(read);
}

/** Bytes received and not yet handed on, taken from the front without copying more than what is taken. */
class Pending {
  private chunks: Buffer[] = [];
  length = 0;

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
    this.length += chunk.length;
  }

  take(n: number): Buffer {
    const taken: Buffer[] = [];
    let needed = n;
    while (needed > 0) {
      const first = this.chunks[0]!;
      if (first.length <= needed) {
        taken.push(first);
        this.chunks.shift();
        needed -= first.length;
      } else {
        taken.push(first.subarray(0, needed));
        this.chunks[0] = first.subarray(needed);
        needed = 0;
      }
    }
    this.length -= n;
    return taken.length === 1 ? taken[0]! : Buffer.concat(taken, n);
  }
}
