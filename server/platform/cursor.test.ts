import { describe, expect, it } from 'vitest';
import { cursorKeys, decodeCursor, encodeCursor, pageOf, takePage } from './cursor.ts';
import { AppError } from './errors.ts';

const ID = '0190a0a0-0000-7000-8000-000000000001';
const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The error a decode throws, or undefined when it decodes. */
function failure(cursor: string, schema: Parameters<typeof decodeCursor>[1]) {
  try {
    decodeCursor(cursor, schema);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('decodeCursor', () => {
  it('gives back the key encodeCursor wrote, typed by the schema', () => {
    const at = new Date('2026-06-01T08:00:00.123Z');
    expect(decodeCursor(encodeCursor([ID]), cursorKeys.id)).toEqual([ID]);
    expect(decodeCursor(encodeCursor([at.toISOString(), ID]), cursorKeys.timeAndId)).toEqual([at, ID]);
  });

  it.each([
    ['garbage', '!!!not-base64'],
    ['base64 of no JSON', Buffer.from('{oops').toString('base64url')],
    ['an object', raw({ id: ID })],
    ['an empty key', raw([])],
    ['an object where an id is expected', raw([{}])],
    ['a word where an id is expected', raw(['x'])],
    ['a number where an id is expected', raw([42])],
    ['one part too many', raw([ID, ID])],
  ])('refuses %s with 400 INVALID_CURSOR', (_what, cursor) => {
    const error = failure(cursor, cursorKeys.id);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 400, code: 'INVALID_CURSOR' });
  });

  it.each([
    ['a number where a date is expected', raw([1_700_000_000, ID])],
    ['a word where a date is expected', raw(['yesterday', ID])],
    ['a date out of the ISO form', raw(['2026-13-45T99:00:00Z', ID])],
    ['a word where the id is expected', raw(['2026-06-01T08:00:00.000Z', 'x'])],
    ['the id alone', raw([ID])],
  ])('refuses a (time, id) cursor with %s', (_what, cursor) => {
    expect(failure(cursor, cursorKeys.timeAndId)).toMatchObject({ status: 400, code: 'INVALID_CURSOR' });
  });
});

describe('pageOf', () => {
  it('serves the first `limit` rows and the cursor of the last when one more was fetched', () => {
    const page = pageOf([{ id: 'a' }, { id: 'b' }, { id: 'c' }], 2, (last) => [last.id]);
    expect(page.items).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(page.nextCursor).toBe(encodeCursor(['b']));
  });

  it('gives no cursor on the last page', () => {
    expect(pageOf([{ id: 'a' }, { id: 'b' }], 2, (last) => [last.id]).nextCursor).toBeNull();
    expect(pageOf([], 2, () => []).nextCursor).toBeNull();
  });

  it('says whether more rows follow without a cursor (takePage)', () => {
    expect(takePage([1, 2, 3], 2)).toEqual({ items: [1, 2], more: true });
    expect(takePage([1, 2], 2)).toEqual({ items: [1, 2], more: false });
  });
});
