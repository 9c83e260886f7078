import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EncryptedStorage } from './encryption.ts';
import { chunked, openTestStore, readAll, storeKinds, type TestStore } from './test-stores.ts';

const SEGMENT = 64 * 1024;
const SENTENCE = 'Facture de carburant TICPE n° 2026-042, montant remboursable 18 450 €. ';
const secret = Buffer.from(SENTENCE.repeat(4000));

describe.each(storeKinds)('encryption at rest over %s', (kind) => {
  let t: TestStore;
  let encrypted: EncryptedStorage;
  const masterKey = randomBytes(32);
  beforeAll(async () => {
    t = await openTestStore(kind);
    encrypted = new EncryptedStorage(t.store, masterKey, { encrypt: true });
  });
  afterAll(() => t.close());

  const put = (bytes: Buffer) => encrypted.put(chunked(bytes, 10_000), { maxBytes: 50 * 1024 * 1024 });
  const raw = async (key: string) => readAll((await t.store.get(key)).stream);
  /** Stores `bytes` as they are, under a new key, through the store underneath. */
  const putRaw = async (bytes: Buffer) => (await t.store.put(chunked(bytes), { maxBytes: bytes.length })).key;

  it('stores no plaintext: the raw blob does not contain a sentence of the file', async () => {
    const stored = await put(secret);
    expect(stored).toMatchObject({ size: secret.length, encrypted: true });
    const sealed = await raw(stored.key);
    expect(sealed.subarray(0, 4).toString()).toBe('FTE1');
    expect(sealed.includes(Buffer.from('Facture de carburant'))).toBe(false);
  });

  it.each([0, 1, SEGMENT, 2 * SEGMENT + 17, 5 * 1024 * 1024 + 3])(
    'round-trips %i bytes exactly, telling their plain size',
    async (size) => {
      const bytes = randomBytes(size);
      const stored = await put(bytes);
      const blob = await encrypted.get(stored.key);
      expect(blob.size).toBe(size);
      expect((await readAll(blob.stream)).equals(bytes)).toBe(true);
    },
  );

  it('applies maxBytes to the plain size', async () => {
    await expect(encrypted.put(chunked(secret), { maxBytes: secret.length })).resolves.toMatchObject({
      size: secret.length,
    });
    await expect(encrypted.put(chunked(secret), { maxBytes: secret.length - 1 })).rejects.toMatchObject({
      status: 413,
    });
  });

  it('fails the read of a blob with one byte flipped', async () => {
    const sealed = await raw((await put(secret)).key);
    const at = sealed.length - 3 * SEGMENT;
    sealed.writeUInt8(sealed.readUInt8(at) ^ 0x01, at);
    const blob = await encrypted.get(await putRaw(sealed));
    await expect(readAll(blob.stream)).rejects.toThrow(/integrity/);
  });

  it('fails the read of a blob cut at a segment boundary', async () => {
    const sealed = await raw((await put(randomBytes(3 * SEGMENT + 100))).key);
    const withoutLastSegment = sealed.subarray(0, sealed.length - (100 + 16));
    const blob = await encrypted.get(await putRaw(withoutLastSegment));
    await expect(readAll(blob.stream)).rejects.toThrow(/integrity/);
  });

  it('fails the read of a blob cut inside a segment', async () => {
    const sealed = await raw((await put(secret)).key);
    const blob = await encrypted.get(await putRaw(sealed.subarray(0, sealed.length - 1000)));
    await expect(readAll(blob.stream)).rejects.toThrow(/integrity/);
  });

  it('refuses to read with another master key', async () => {
    const stored = await put(secret);
    const otherKey = new EncryptedStorage(t.store, randomBytes(32), { encrypt: true });
    await expect(otherKey.get(stored.key)).rejects.toThrow(/STORAGE_MASTER_KEY/);
  });

  it('reads a blob stored plain before encryption was turned on', async () => {
    const key = await putRaw(secret);
    const blob = await encrypted.get(key);
    expect(blob.size).toBe(secret.length);
    expect((await readAll(blob.stream)).equals(secret)).toBe(true);
  });

  it('writes plain when turned off, and still reads the encrypted blobs', async () => {
    const off = new EncryptedStorage(t.store, masterKey, { encrypt: false });
    const earlier = await put(secret);
    const later = await off.put(chunked(secret), { maxBytes: secret.length });
    expect(later.encrypted).toBe(false);
    expect((await raw(later.key)).equals(secret)).toBe(true);
    expect((await readAll((await off.get(earlier.key)).stream)).equals(secret)).toBe(true);
  });
});
