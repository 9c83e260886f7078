import { describe, expect, it } from 'vitest';
import { expertSearchQuery } from '../../../common/experts.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import { listedExpert, searchMarketplace } from './experts.factories.ts';
import { searchRepo } from './search.repo.ts';
import { type SearchPlan, searchFilters } from './search-planner.ts';

const { t, cast: market } = appWith(searchMarketplace, { setupTimeoutMs: 120_000 });

describe('sorts', () => {
  it('lists only approved, active experts, by Bayesian rating by default', async () => {
    const res = await market.search('');
    // 3 reviews at 4.67 beat a single 5; no reviews (prior 4.0) beats a single 2.
    expect(res.names).toEqual(['Sophie', 'Marc', 'Julie', 'Karim']);
    expect(res.total).toBe(4);
    const [first, second] = res.items;
    expect(first.rating).toEqual({ average: 4.67, count: 3, score: 4.15385 });
    expect(second.rating).toEqual({ average: 5, count: 1, score: 4.09091 });
    expect(res.items[3].available).toBe(false);
    expect(res.nextCursor).toBeNull();
  });

  it('sorts by experience', async () => {
    expect((await market.search('?sort=experience')).names).toEqual(['Marc', 'Sophie', 'Karim', 'Julie']);
  });

  it('sorts success fees from lowest, then day rates', async () => {
    expect((await market.search('?sort=fee')).names).toEqual(['Karim', 'Sophie', 'Marc', 'Julie']);
  });

  it('sorts by response time, unknown last', async () => {
    expect((await market.search('?sort=response')).names).toEqual(['Sophie', 'Julie', 'Marc', 'Karim']);
  });
});

describe('read plans', () => {
  // Walking a sort index or fetching every match through the word and filter index: the plan is chosen from the
  // counts, and must never change the answer.
  const walk = (n: number): SearchPlan => ({
    matches: n,
    candidates: n,
    tiers: { 1: n, 2: n, 3: n },
    population: n,
  });
  const fetch: SearchPlan = { matches: 1, candidates: 1, tiers: { 1: 1, 2: 1, 3: 1 }, population: 1e9 };

  it.each([
    '?q=lyon',
    '?q=ticpe&sort=rating',
    '?q=cotisations&sort=fee',
    '?q=lyon&region=auvergne-rhone-alpes&language=de',
    '?product=TICPE&available=true&sort=experience',
    '?language=fr&minRating=3&sort=response',
    '?q=lyon&minRating=4.5&verified=true',
    '?maxCommission=27&minYears=10&sort=fee',
    '?maxDayRate=90000&available=true',
    '?maxCommission=22&maxDayRate=90000&sort=fee',
  ])('%s: same pages whether the plan walks or fetches', async (query) => {
    const raw = Object.fromEntries(new URLSearchParams(query.slice(1)));
    const { filters: typed, sort } = searchFilters(expertSearchQuery.parse(raw));
    const filters = await searchRepo.resolveFilters(t.db, typed);
    const pages = async (plan: SearchPlan | null) => {
      const ids: string[] = [];
      let after: unknown[] | null = null;
      for (;;) {
        const rows = await searchRepo.search(t.db, filters, sort, after, 1, plan);
        if (!rows.length) return ids;
        ids.push(...rows.map((r) => market.names.get(r.id) ?? r.id));
        after = rows.at(-1)?.sortKey ?? null;
      }
    };
    const expected = (await market.search(query)).names;
    expect(expected.length).toBeGreaterThan(0);
    expect(await pages(null)).toEqual(expected);
    expect(await pages(walk(expected.length))).toEqual(expected);
    expect(await pages(fetch)).toEqual(expected);
  });
});

describe('invalid cursors', () => {
  it('?cursor=not-a-cursor → 400 INVALID_CURSOR', async () => {
    const res = await t.request('GET', '/api/experts?cursor=not-a-cursor');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_CURSOR');
  });

  it('a cursor of another sort is rejected', async () => {
    const first = await market.search('?limit=1&sort=rating');
    const res = await t.request('GET', `/api/experts?sort=fee&cursor=${first.nextCursor}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_CURSOR');
  });
});

describe('pagination', () => {
  it('walks every sort page by page, each expert once', async () => {
    for (const sort of ['rating', 'experience', 'fee', 'response']) {
      const all = (await market.search(`?sort=${sort}`)).names;
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await market.search(`?sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...res.names);
        cursor = res.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all);
    }
  });

  it('pages across the relevance tiers of a text search', async () => {
    const text: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await market.search(`?q=lyon&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      text.push(...res.names);
      cursor = res.nextCursor;
    } while (cursor);
    // Page by page across the relevance tiers.
    expect(text).toEqual(['Sophie', 'Julie', 'Marc']);
  });

  it('stays stable when an expert is inserted ahead of the cursor', async () => {
    const first = await market.search('?sort=experience&limit=2');
    expect(first.names).toEqual(['Marc', 'Sophie']);
    const veteran = await listedExpert(
      t,
      market.admin,
      {
        firstName: 'Victor',
        lastName: 'Ancien',
        specialties: ['FONCIER'],
        regions: ['bretagne'],
        languages: ['fr'],
      },
      { yearsExperience: 40 },
    );
    market.names.set(veteran.user.id, 'Victor');
    const second = await market.search(`?sort=experience&limit=2&cursor=${first.nextCursor}`);
    expect(second.names).toEqual(['Karim', 'Julie']);
    expect(second.nextCursor).toBeNull();
    expect((await market.search('?sort=experience&limit=1')).names).toEqual(['Victor']);
  });
});
