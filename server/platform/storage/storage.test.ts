import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chunked,
  inOneMinute,
  oneMinuteAgo,
  openTestStore,
  readAll,
  storeKinds,
  type TestStore,
  uniquePrefix,
} from './test-stores.ts';

const MiB = 1024 * 1024;

async function keysOf(iterable: AsyncIterable<string>): Promise<string[]> {
  const keys: string[] = [];
  for await (const key of iterable) keys.push(key);
  return keys.sort();
}

async function eventually(check: () => Promise<boolean>) {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(storeKinds)('%s blob storage', (kind) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore(kind);
  });
  afterAll(() => t.close());

  it('round-trips a 20 MB random file streamed in chunks, byte for byte', async () => {
    const bytes = randomBytes(20 * MiB);
    const stored = await t.store.put(chunked(bytes), { maxBytes: 50 * MiB, prefix: uniquePrefix() });
    expect(stored).toMatchObject({ size: bytes.length, encrypted: false });
    const blob = await t.store.get(stored.key);
    expect(blob.size).toBe(bytes.length);
    expect((await readAll(blob.stream)).equals(bytes)).toBe(true);
  });

  it('round-trips a 1-byte file', async () => {
    const stored = await t.store.put(chunked(Buffer.from('x')), { maxBytes: 10, prefix: uniquePrefix() });
    const blob = await t.store.get(stored.key);
    expect(blob.size).toBe(1);
    expect((await readAll(blob.stream)).toString()).toBe('x');
  });

  it('refuses a file past maxBytes with 413 and keeps nothing of it', async () => {
    const prefix = uniquePrefix();
    const upload = t.store.put(chunked(randomBytes(12 * MiB)), { maxBytes: 10 * MiB, prefix });
    await expect(upload).rejects.toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(await keysOf(t.store.list(prefix, inOneMinute()))).toEqual([]);
    expect(await t.incompleteWrites()).toBe(0);
  });

  it('keeps nothing of a source that fails halfway', async () => {
    const prefix = uniquePrefix();
    async function* cut() {
      yield* chunked(randomBytes(10 * MiB));
      throw new Error('connexion coupée');
    }
    await expect(t.store.put(cut(), { maxBytes: 50 * MiB, prefix })).rejects.toThrow('connexion coupée');
    expect(await keysOf(t.store.list(prefix, inOneMinute()))).toEqual([]);
    expect(await t.incompleteWrites()).toBe(0);
  });

  it('lists the complete blobs of a prefix created before a date', async () => {
    const prefix = uniquePrefix();
    const first = await t.store.put(chunked(Buffer.from('un')), { maxBytes: 10, prefix });
    const second = await t.store.put(chunked(Buffer.from('deux')), { maxBytes: 10, prefix });
    await t.store.put(chunked(Buffer.from('ailleurs')), { maxBytes: 10, prefix: uniquePrefix() });
    expect(await keysOf(t.store.list(prefix, inOneMinute()))).toEqual([first.key, second.key].sort());
    expect(await keysOf(t.store.list(prefix, oneMinuteAgo()))).toEqual([]);
  });

  it('abandons an unfinished write older than the date, and only such', async () => {
    const { promise: connectionDrops, resolve: dropConnection } = Promise.withResolvers<void>();
    async function* stalled() {
      // More than one 8 MB part, so that S3 has a multipart upload under way.
      yield* chunked(randomBytes(9 * MiB));
      await connectionDrops;
      throw new Error('connexion coupée');
    }
    const upload = t.store.put(stalled(), { maxBytes: 50 * MiB, prefix: uniquePrefix() });
    await eventually(async () => (await t.incompleteWrites()) === 1);

    expect(await t.store.abandonIncomplete(oneMinuteAgo())).toBe(0);
    expect(await t.store.abandonIncomplete(inOneMinute())).toBe(1);
    expect(await t.incompleteWrites()).toBe(0);
    dropConnection();
    await expect(upload).rejects.toThrow('connexion coupée');
  });

  it('removes a blob on delete', async () => {
    const stored = await t.store.put(chunked(Buffer.from('à supprimer')), {
      maxBytes: 100,
      prefix: uniquePrefix(),
    });
    await t.store.delete(stored.key);
    await expect(t.store.get(stored.key)).rejects.toMatchObject({ status: 404 });
  });

  it('accepts the deletion of a key that does not exist', async () => {
    await expect(t.store.delete(`documents/ab/ab${'0'.repeat(30)}`)).resolves.toBeUndefined();
  });

  it('answers 404 for an unknown key', async () => {
    await expect(t.store.get(`documents/ab/ab${'0'.repeat(30)}`)).rejects.toMatchObject({ status: 404 });
  });

  it('answers 404 for a key that would leave the store', async () => {
    await expect(t.store.get('../../etc/passwd')).rejects.toMatchObject({ status: 404 });
  });
});
