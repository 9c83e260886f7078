import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { appWithAdmin, login, registerClient, type Session } from '../../../tests/support/factories.ts';

const { t, admin } = appWithAdmin();

const tag = `zq${[...randomBytes(6)].map((b) => String.fromCharCode(97 + (b % 26))).join('')}`;
/** Last names in an order that accents and case must not change. */
const names = ['Émile', 'durand', 'Dupont', 'Zola', 'Ångström', 'Bernard', 'Été', 'martin', 'Ours'];
const people: Session[] = [];
let token: string;

beforeAll(async () => {
  // Registered by pairs within the same millisecond: the orders' ties are broken by id.
  for (const [i, lastName] of names.entries()) {
    if (i % 2 === 0) t.clock.advance(1000);
    people.push(await registerClient(t, { firstName: tag, lastName }));
  }
  // Three of them sign in again later, in this order: their last activity moves.
  for (const i of [4, 0, 7]) {
    t.clock.advance(60_000);
    await login(t, people[i]!.user.email);
  }
  token = (await login(t, admin.user.email)).token;
});

type Listed = { id: string; lastName: string; createdAt: string; lastActivityAt: string };

/** Every page of the search, `limit` rows at a time. */
async function allPages(sort: string, limit: number): Promise<Listed[]> {
  const rows: Listed[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `q=${tag}&sort=${sort}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await t.request<{ items: Listed[]; nextCursor: string | null }>(
      'GET',
      `/api/admin/users?${query}`,
      { token },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    rows.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return rows;
}

const byIdDesc = (a: Listed, b: Listed) => (a.id < b.id ? 1 : -1);
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

describe.each([1, 2, 4])('GET /api/admin/users sorted, %i per page', (limit) => {
  it('pages the newest first, each user once', async () => {
    const rows = await allPages('newest', limit);
    const expected = [...rows].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || byIdDesc(a, b));
    expect(rows.map((r) => r.id)).toEqual(expected.map((r) => r.id));
    expect(new Set(rows.map((r) => r.id)).size).toBe(names.length);
  });

  it('pages the oldest first, each user once', async () => {
    const rows = await allPages('oldest', limit);
    expect(rows.map((r) => r.id)).toEqual(
      [...rows].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || -byIdDesc(a, b)).map((r) => r.id),
    );
  });

  it('pages by name, accents and case ignored, each user once', async () => {
    const rows = await allPages('name', limit);
    expect(rows.map((r) => r.lastName)).toEqual([...names].sort((a, b) => fold(a).localeCompare(fold(b))));
  });

  it('pages by last activity, the latest first, each user once', async () => {
    const rows = await allPages('lastActivity', limit);
    const signedInAgain = [7, 0, 4].map((i) => people[i]!.user.id);
    expect(rows.slice(0, 3).map((r) => r.id)).toEqual(signedInAgain);
    expect(new Set(rows.map((r) => r.id)).size).toBe(names.length);
    expect(rows.map((r) => r.lastActivityAt)).toEqual(
      rows.map((r) => r.lastActivityAt).sort((a, b) => b.localeCompare(a)),
    );
  });
});
