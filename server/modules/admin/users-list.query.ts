import { z } from 'zod';
import type { AdminUserSort } from '../../../common/admin-users.ts';
import { cursorParts, decodeCursor } from '../../platform/cursor.ts';

/**
 * The words of a search as the index holds them: letters and digits, each matched as the start of a word. Digits
 * typed in groups ("123 456 789", "123.456.789") are one SIREN.
 */
export function searchWords(q: string | undefined): string[] {
  if (!q) return [];
  return q
    .normalize('NFC')
    .replace(/(\d)[\s.]+(?=\d)/g, '$1')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 10);
}

/** A time key as the list gives it: the exact text of a timestamp, microseconds included. */
const exactTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);

/** The cursor of each order names its order: a cursor of another order is refused, never misread. */
const keys = {
  newest: z.tuple([z.literal('newest'), exactTime, cursorParts.id]),
  oldest: z.tuple([z.literal('oldest'), exactTime, cursorParts.id]),
  name: z.tuple([z.literal('name'), z.string().max(400), cursorParts.id]),
  lastActivity: z.tuple([z.literal('lastActivity'), exactTime, cursorParts.id]),
} satisfies Record<AdminUserSort, z.ZodType>;

export const listCursor = {
  key: (sort: AdminUserSort, last: { sortKey: string; id: string }) => [sort, last.sortKey, last.id],
  decode: (sort: AdminUserSort, cursor: string): readonly [string, string] => {
    const [, key, id] = decodeCursor(cursor, keys[sort]);
    return [key, id];
  },
};
