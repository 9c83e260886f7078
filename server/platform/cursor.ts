import { z } from 'zod';
import { AppError } from './errors.ts';

/**
 * Opaque keyset cursors: base64url of the JSON sort key of the last row served. A cursor comes back from the
 * client, so its key is checked against the list's own schema before it reaches SQL: a cursor of another list, an
 * edited one or plain garbage is a 400 INVALID_CURSOR, never a database error.
 */
export function encodeCursor(key: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<S extends z.ZodType<readonly unknown[]>>(
  cursor: string,
  schema: S,
): z.output<S> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const parsed = schema.safeParse(key);
  if (!parsed.success) throw invalidCursor();
  return parsed.data;
}

const invalidCursor = () => new AppError(400, 'INVALID_CURSOR', 'Curseur de pagination invalide');

/** The parts of sort keys, as the database gives them (and accepts them back). */
export const cursorParts = {
  /** Any id PostgreSQL reads as a uuid. */
  id: z.guid(),
  /** A timestamp as `toISOString()` writes it, read back as a Date. */
  time: z.iso.datetime().transform((s) => new Date(s)),
  /** An integer column (int4). */
  int: z
    .number()
    .int()
    .min(-(2 ** 31))
    .max(2 ** 31 - 1),
  /** A numeric column: pg gives it as a decimal string. */
  numeric: z.union([z.number(), z.string().regex(/^-?\d{1,20}(\.\d{1,20})?$/)]),
};

/** The keys of the common orders: newest id first, and (time, id). */
export const cursorKeys = {
  id: z.tuple([cursorParts.id]),
  timeAndId: z.tuple([cursorParts.time, cursorParts.id]),
};

/** Rows to fetch for a page of `limit`: the one more says whether another page follows. */
export const fetchLimit = (limit: number) => limit + 1;

/** A page out of rows fetched with `fetchLimit(limit)`: the first `limit`, and whether more follow. */
export function takePage<T>(rows: readonly T[], limit: number): { items: T[]; more: boolean } {
  return { items: rows.slice(0, limit), more: rows.length > limit };
}

/** The same, with the cursor of the next page: the sort key of the last row served. */
export function pageOf<T>(
  rows: readonly T[],
  limit: number,
  keyOf: (last: T) => readonly unknown[],
): { items: T[]; nextCursor: string | null } {
  const { items, more } = takePage(rows, limit);
  const last = items.at(-1);
  return { items, nextCursor: more && last !== undefined ? encodeCursor(keyOf(last)) : null };
}
