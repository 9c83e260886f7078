import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { registerExpert } from '../../../tests/support/factories.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import { searchMarketplace } from './experts.factories.ts';
import { searchRepo } from './search.repo.ts';

const { t, cast: market } = appWith(searchMarketplace, { setupTimeoutMs: 120_000 });

describe('threshold tags', () => {
  it('tags each profile with the thresholds it passes, and a search with the nearest one its value implies', async () => {
    const tag = async (kind: string, value: number) =>
      (await sql<{ tag: string }>`SELECT expert_filter_tag(${kind}, ${value}) AS tag`.execute(t.db)).rows[0]
        ?.tag;
    expect(await tag('rating', 4.3)).toBe('rating>=4');
    expect(await tag('rating', 4.5)).toBe('rating>=4.5');
    expect(await tag('years', 0)).toBe('any');
    expect(await tag('commission', 27)).toBe('commission<=30');
    expect(await tag('commission', 100)).toBe('any');
    expect(await tag('day_rate', 90_000)).toBe('day_rate<=100000');
    const row = await t.db
      .selectFrom('expertProfiles')
      .select(sql<string[]>`filter_tags`.as('tags'))
      .where('userId', '=', market.sophie.user.id)
      .executeTakeFirstOrThrow();
    // Sophie: 4.67 on 3 reviews, 12 years, 25 % commission, verified, capacity left.
    expect(row.tags).toEqual([
      'any',
      ...['1', '1.5', '2', '2.5', '3', '3.5', '4', '4.5'].map((r) => `rating>=${r}`),
      ...['1', '2', '3', '5', '10'].map((y) => `years>=${y}`),
      ...['25', '30', '40', '50'].map((c) => `commission<=${c}`),
      'verified',
      'available',
    ]);
  });

  it('go to the index only when few profiles carry them, by the statistics of PostgreSQL', async () => {
    await sql`ANALYZE expert_profiles`.execute(t.db);
    // 2 of the 6 profiles are rated 4.5 or more; all but Karim have room.
    expect(await searchRepo.resolveTags(t.db, { minRating: 4.5, available: true })).toEqual(['rating>=4.5']);
    expect(await searchRepo.resolveTags(t.db, { minRating: 1 })).toEqual([]);
    expect(await searchRepo.resolveTags(t.db, { minYears: 0, maxCommission: 100 })).toEqual([]);
  });

  it('follow every write: a fully booked expert loses "available" at once', async () => {
    const tags = async () =>
      (
        await t.db
          .selectFrom('expertProfiles')
          .select(sql<string[]>`filter_tags`.as('tags'))
          .where('userId', '=', market.karim.user.id)
          .executeTakeFirstOrThrow()
      ).tags;
    const capacity = async (n: number) =>
      expect(
        (await t.request('PATCH', '/api/experts/me', { token: market.karim.token, body: { capacity: n } }))
          .status,
      ).toBe(200);
    expect(await tags()).not.toContain('available');
    await capacity(2);
    expect(await tags()).toContain('available');
    expect((await market.search('?available=true')).names).toContain('Karim');
    await capacity(0);
    expect(await tags()).not.toContain('available');
    expect((await market.search('?available=true')).names).not.toContain('Karim');
  });
});

describe('search filters', () => {
  const cases: [string, string[]][] = [
    ['?product=TICPE&region=auvergne-rhone-alpes', ['Sophie']],
    ['?product=TICPE&product=MSA', ['Sophie', 'Karim']],
    ['?product=CEE', ['Julie']],
    ['?language=de', ['Julie']],
    ['?department=69', ['Sophie', 'Julie']],
    ['?minRating=4.5', ['Sophie', 'Marc']],
    ['?maxCommission=25', ['Sophie', 'Karim']],
    ['?maxDayRate=90000', ['Julie']],
    ['?maxCommission=22&maxDayRate=90000', ['Julie', 'Karim']],
    ['?available=true', ['Sophie', 'Marc', 'Julie']],
    ['?minYears=10', ['Sophie', 'Marc']],
    ['?verified=true', ['Sophie']],
    ['?q=lyon&available=true&sort=experience', ['Marc', 'Sophie', 'Julie']],
    ['?product=TICPE&available=true&minRating=4', ['Sophie']],
  ];
  for (const [query, expected] of cases) {
    it(`${query} → ${expected.join(', ')}`, async () => {
      const res = await market.search(query);
      expect(res.names).toEqual(expected);
      expect(res.total).toBe(expected.length);
    });
  }
});

describe('facets', () => {
  const counts = (buckets: { value: string; count: number }[]) =>
    Object.fromEntries(buckets.map((b) => [b.value, b.count]));

  it('counts each facet over the whole marketplace', async () => {
    const { facets, total } = await market.search('');
    expect(total).toBe(4);
    expect(counts(facets.products)).toEqual({ TICPE: 2, URSSAF: 1, DFS: 1, ENERGIE: 1, CEE: 1, MSA: 1 });
    expect(counts(facets.regions)).toEqual({
      'auvergne-rhone-alpes': 2,
      'ile-de-france': 1,
      'bourgogne-franche-comte': 1,
      'provence-alpes-cote-d-azur': 1,
    });
    expect(counts(facets.languages)).toEqual({ fr: 4, en: 1, de: 1, ar: 1 });
    expect(counts(facets.departments)).toEqual({ '69': 2, '75': 1, '13': 1 });
    expect(counts(facets.minRating)).toEqual({ '4': 2, '3': 2, '2': 3, '1': 3 });
    expect(counts(facets.verified)).toEqual({ true: 1, false: 3 });
    expect(counts(facets.available)).toEqual({ true: 3, false: 1 });
    // Largest first.
    expect(facets.products[0]).toEqual({ value: 'TICPE', count: 2 });
  });

  it('counts on the current filtered result set', async () => {
    const { facets, total } = await market.search('?product=TICPE');
    expect(total).toBe(2);
    expect(counts(facets.products)).toEqual({ TICPE: 2, MSA: 1 });
    expect(counts(facets.regions)).toEqual({ 'auvergne-rhone-alpes': 1, 'provence-alpes-cote-d-azur': 1 });
    expect(counts(facets.languages)).toEqual({ fr: 2, en: 1, ar: 1 });
    const lyon = await market.search('?q=lyon');
    expect(lyon.total).toBe(3);
    expect(counts(lyon.facets.products)).toEqual({ TICPE: 1, ENERGIE: 1, CEE: 1, URSSAF: 1, DFS: 1 });
  });

  it('reflects a profile edit on the next read, despite the cache', async () => {
    const before = await market.search('?language=it');
    expect(before.total).toBe(0);
    const edit = await t.request('PATCH', '/api/experts/me', {
      token: market.julie.token,
      body: { languages: ['fr', 'de', 'it'] },
    });
    expect(edit.status).toBe(200);
    const after = await market.search('?language=it');
    expect(after.names).toEqual(['Julie']);
    expect(after.total).toBe(1);
    expect(after.facets.languages.find((b: { value: string }) => b.value === 'it')).toEqual({
      value: 'it',
      count: 1,
    });
  });

  it('shows an expert approved by an admin on the next read, despite the cache', async () => {
    expect((await market.search('?q=Zo%C3%A9')).total).toBe(0);
    const zoe = await registerExpert(t, { firstName: 'Zoé', lastName: 'Nouvelle' });
    market.names.set(zoe.user.id, 'Zoé');
    expect((await market.search('?q=Zo%C3%A9')).total).toBe(0);
    const approve = await t.request('POST', `/api/admin/users/${zoe.user.id}/approve`, {
      token: market.admin.token,
    });
    expect(approve.status).toBe(200);
    const found = await market.search('?q=Zo%C3%A9');
    expect(found.names).toEqual(['Zoé']);
    expect(found.total).toBe(1);
    // And off the marketplace again at once when suspended.
    const suspend = await t.request('POST', `/api/admin/users/${zoe.user.id}/suspend`, {
      token: market.admin.token,
      body: { reason: 'Documents à renouveler' },
    });
    expect(suspend.status).toBe(200);
    expect((await market.search('?q=Zo%C3%A9')).total).toBe(0);
  });
});

describe('invalid parameters', () => {
  for (const query of [
    '?sort=popularity',
    '?minRating=7',
    '?product=ticpe',
    '?region=atlantis',
    '?available=maybe',
    '?limit=0',
    '?department=999',
  ]) {
    it(`${query} → 400 with the error shape`, async () => {
      const res = await t.request('GET', `/api/experts${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(typeof res.body.error.message).toBe('string');
    });
  }
});
