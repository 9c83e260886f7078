import { describe, expect, it } from 'vitest';
import { detectFileType, sanitizeFilename } from './files.ts';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const allowed = ['image/png', 'application/pdf'];

/** Runs the detection over `chunks`; answers the type found and the bytes passed through. */
async function detect(chunks: Buffer[], filename: string) {
  const result = { mime: '' };
  const passed: Uint8Array[] = [];
  async function* source() {
    yield* chunks;
  }
  for await (const chunk of detectFileType(source(), filename, result, allowed)) passed.push(chunk);
  return { mime: result.mime, bytes: Buffer.concat(passed) };
}

describe('sanitizeFilename', () => {
  it('keeps only the last path segment', () => {
    expect(sanitizeFilename('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFilename('C:\\Users\\moi\\facture.pdf')).toBe('facture.pdf');
  });

  it('drops quotes and control characters, and trims', () => {
    expect(sanitizeFilename(' re"levé\u0000\n.csv ')).toBe('relevé.csv');
  });

  it('drops invisible formatting characters (right-to-left override, zero-width space)', () => {
    expect(sanitizeFilename('facture\u202Efdp.exe')).toBe('facturefdp.exe');
    expect(sanitizeFilename('re\u200Bleve.pdf')).toBe('releve.pdf');
  });

  it('names a file with nothing usable left "fichier"', () => {
    expect(sanitizeFilename('..')).toBe('fichier');
    expect(sanitizeFilename('dossier/')).toBe('fichier');
  });

  it('cuts names to 200 characters', () => {
    expect(sanitizeFilename(`${'a'.repeat(300)}.pdf`)).toHaveLength(200);
  });
});

describe('detectFileType', () => {
  it('types a file by its content, whatever its name, and passes its bytes through unchanged', async () => {
    const { mime, bytes } = await detect([PNG.subarray(0, 10), PNG.subarray(10)], 'facture.pdf');
    expect(mime).toBe('image/png');
    expect(bytes).toEqual(PNG);
  });

  it('types text without magic bytes as CSV by its name, as plain text otherwise', async () => {
    const text = Buffer.from('date;montant\n2025-01-01;12,50\n');
    expect((await detect([text], 'releve.CSV')).mime).toBe('text/csv');
    expect((await detect([text], 'notes')).mime).toBe('text/plain');
  });

  it('refuses a type outside the allowed list with 415', async () => {
    const exe = Buffer.concat([
      Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1'),
      Buffer.alloc(400),
    ]);
    await expect(detect([exe], 'facture.pdf')).rejects.toMatchObject({
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
  });

  it('refuses binary content it cannot type, and an empty file', async () => {
    await expect(detect([Buffer.from([0x00, 0x01, 0xfe, 0xff])], 'notes.txt')).rejects.toMatchObject({
      status: 415,
    });
    await expect(detect([], 'vide.txt')).rejects.toMatchObject({ status: 415 });
  });
});
