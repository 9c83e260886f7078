import { AppError } from './errors.ts';

/** Opaque keyset cursors: base64url of the sort key of the last row served. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string): unknown[] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key)) return key;
  } catch {}
  throw new AppError(400, 'VALIDATION_ERROR', 'Curseur de pagination invalide');
}
