import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expertSearchQuery } from '../../../common/experts.ts';
import {
  approvedExpert,
  createAdmin,
  registerExpert,
  type Session,
} from '../../../tests/support/factories.ts';
import { startTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { expertsRepo, type SearchPlan } from './experts.repo.ts';
import { searchFilters } from './experts.service.ts';
import { listedExpert, reviewsFor } from './test-helpers.ts';

let t: TestApp;
let admin: Session;
let sophie: Session;
let marc: Session;
let julie: Session;
let karim: Session;
let suspended: Session;
const names = new Map<string, string>();

/** The first names of a result page, in order: what the assertions read. */
async function search(query: string, token?: string) {
  const res = await t.request('GET', `/api/experts${query}`, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { ...res.body, names: res.body.items.map((e: { id: string }) => names.get(e.id) ?? e.id) };
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await createAdmin(t);
  sophie = await listedExpert(
    t,
    admin,
    {
      firstName: 'Sophie',
      lastName: 'Bernard',
      specialties: ['TICPE'],
      regions: ['auvergne-rhone-alpes'],
      languages: ['fr', 'en'],
    },
    {
      headline: 'Expert-comptable spécialisée TICPE',
      bio: 'Accompagne les transporteurs routiers depuis douze ans.',
      city: 'Lyon',
      department: '69',
      fee: { model: 'commission', commissionPercent: 25 },
      yearsExperience: 12,
      yearsByProduct: { TICPE: 12 },
      capacity: 5,
      certifications: ['Ordre des experts-comptables'],
    },
  );
  marc = await listedExpert(
    t,
    admin,
    {
      firstName: 'Marc',
      lastName: 'Petit',
      specialties: ['URSSAF', 'DFS'],
      regions: ['ile-de-france'],
      languages: ['fr'],
    },
    {
      headline: 'Avocat fiscaliste',
      bio: 'Contentieux des cotisations sociales, interventions à Paris et Lyon.',
      city: 'Paris',
      department: '75',
      fee: { model: 'commission', commissionPercent: 30 },
      yearsExperience: 20,
      capacity: 8,
    },
  );
  julie = await listedExpert(
    t,
    admin,
    {
      firstName: 'Julie',
      lastName: 'Roux',
      specialties: ['ENERGIE', 'CEE'],
      regions: ['auvergne-rhone-alpes', 'bourgogne-franche-comte'],
      languages: ['fr', 'de'],
    },
    {
      headline: 'Consultante en énergie',
      bio: 'Achats d’électricité et de gaz pour les industriels.',
      city: 'Lyon',
      department: '69',
      fee: { model: 'day_rate', dayRateCents: 80_000 },
      yearsExperience: 5,
      capacity: 3,
    },
  );
  karim = await listedExpert(
    t,
    admin,
    {
      firstName: 'Karim',
      lastName: 'Haddad',
      specialties: ['TICPE', 'MSA'],
      regions: ['provence-alpes-cote-d-azur'],
      languages: ['fr', 'ar'],
    },
    {
      headline: 'Spécialiste douanes et accises',
      city: 'Marseille',
      department: '13',
      fee: { model: 'commission', commissionPercent: 20 },
      yearsExperience: 8,
      capacity: 2,
    },
  );
  // Not on the marketplace: one pending approval, one suspended.
  await registerExpert(t, { firstName: 'Paul', lastName: 'Attente' });
  suspended = await approvedExpert(t, admin, { firstName: 'Sam', lastName: 'Suspendu' });
  const suspend = await t.request('POST', `/api/admin/users/${suspended.user.id}/suspend`, {
    token: admin.token,
    body: { reason: 'Assurance expirée' },
  });
  expect(suspend.status).toBe(200);

  for (const s of [sophie, marc, julie, karim]) names.set(s.user.id, s.user.firstName);
  // Sophie: 3 reviews averaging 4.67; Marc: a single 5; Karim: a single 2; Julie: none.
  await reviewsFor(t, admin, sophie, [5, 5, 4]);
  await reviewsFor(t, admin, marc, [5], 'URSSAF');
  await reviewsFor(t, admin, karim, [2]);
  // Response times come from messaging; set here as that module would.
  for (const [s, minutes] of [
    [sophie, 45],
    [julie, 90],
    [marc, 300],
  ] as const) {
    await t.db
      .updateTable('expertProfiles')
      .set({ medianResponseMinutes: minutes })
      .where('userId', '=', s.user.id)
      .execute();
  }
  // Karim is fully booked.
  const full = await t.request('PATCH', '/api/experts/me', { token: karim.token, body: { capacity: 0 } });
  expect(full.status).toBe(200);
  const verify = await t.request('POST', `/api/admin/experts/${sophie.user.id}/verify`, {
    token: admin.token,
  });
  expect(verify.status).toBe(200);
  expect(verify.body.verified).toBe(true);
}, 120_000);
afterAll(() => t.close());

describe('search ranking', () => {
  it('lists only approved, active experts, by Bayesian rating by default', async () => {
    const res = await search('');
    // 3 reviews at 4.67 beat a single 5; no reviews (prior 4.0) beats a single 2.
    expect(res.names).toEqual(['Sophie', 'Marc', 'Julie', 'Karim']);
    expect(res.total).toBe(4);
    const [first, second] = res.items;
    expect(first.rating).toEqual({ average: 4.67, count: 3, score: 4.15385 });
    expect(second.rating).toEqual({ average: 5, count: 1, score: 4.09091 });
    expect(res.items[3].available).toBe(false);
    expect(res.nextCursor).toBeNull();
  });

  it('sorts by experience, fee and response time', async () => {
    expect((await search('?sort=experience')).names).toEqual(['Marc', 'Sophie', 'Karim', 'Julie']);
    // Success fees from lowest, then day rates.
    expect((await search('?sort=fee')).names).toEqual(['Karim', 'Sophie', 'Marc', 'Julie']);
    // Unknown response time last.
    expect((await search('?sort=response')).names).toEqual(['Sophie', 'Julie', 'Marc', 'Karim']);
  });

  it('ranks free text by relevance, folding accents and stemming French', async () => {
    // TICPE is a specialty of both; Sophie also has it in her headline.
    expect((await search('?q=ticpe')).names).toEqual(['Sophie', 'Karim']);
    // Tiers first (name and specialties, then headline/city/certifications, then bio), Bayesian rating within:
    // Marc, better rated than Julie, only mentions Lyon in his bio.
    expect((await search('?q=Lyon')).names).toEqual(['Sophie', 'Julie', 'Marc']);
    expect((await search('?q=energie')).names).toEqual(['Julie']);
    expect((await search('?q=%C3%A9nergies')).names).toEqual(['Julie']);
    expect((await search('?q=douane')).names).toEqual(['Karim']);
    // Product names are searchable too: "cotisations" is in the names of URSSAF and MSA; Marc's bio has it too.
    expect((await search('?q=cotisations')).names).toEqual(['Marc', 'Karim']);
  });

  it('tolerates typos through trigrams', async () => {
    const typo = await search('?q=comptabel');
    expect(typo.names).toEqual(['Sophie']);
    expect(typo.correctedQuery).toBe('comptable');
    expect((await search('?q=expert%20comptabel')).correctedQuery).toBe('expert comptable');
    expect((await search('?q=ticpe')).correctedQuery).toBeNull();
    expect((await search('?q=Marseile')).names).toEqual(['Karim']);
    const name = await search('?q=Hadad');
    expect(name.names).toEqual(['Karim']);
    expect(name.correctedQuery).toBe('haddad');
    expect((await search('?q=zzzzqqq')).names).toEqual([]);
  });

  it('matches word prefixes as the user types', async () => {
    expect((await search('?q=fiscal')).names).toEqual(['Marc']);
    expect((await search('?q=consult')).names).toEqual(['Julie']);
    expect((await search('?q=Sp%C3%A9ciali')).names).toEqual(['Sophie', 'Karim']);
  });

  it('matches a complete word by its stem, any ending, and an unfinished one by prefix', async () => {
    expect(await expertsRepo.resolveText(t.db, ['consultante', 'consult'])).toEqual({
      words: ['consultante', 'consult'],
      prefix: [false, true],
    });
    expect((await search('?q=comptables')).names).toEqual(['Sophie']);
    expect((await search('?q=douanes%20accise')).names).toEqual(['Karim']);
  });
});

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
      .where('userId', '=', sophie.user.id)
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
    expect(await expertsRepo.resolveTags(t.db, { minRating: 4.5, available: true })).toEqual(['rating>=4.5']);
    expect(await expertsRepo.resolveTags(t.db, { minRating: 1 })).toEqual([]);
    expect(await expertsRepo.resolveTags(t.db, { minYears: 0, maxCommission: 100 })).toEqual([]);
  });

  it('follow every write: a fully booked expert loses "available" at once', async () => {
    const tags = async () =>
      (
        await t.db
          .selectFrom('expertProfiles')
          .select(sql<string[]>`filter_tags`.as('tags'))
          .where('userId', '=', karim.user.id)
          .executeTakeFirstOrThrow()
      ).tags;
    const capacity = async (n: number) =>
      expect(
        (await t.request('PATCH', '/api/experts/me', { token: karim.token, body: { capacity: n } })).status,
      ).toBe(200);
    expect(await tags()).not.toContain('available');
    await capacity(2);
    expect(await tags()).toContain('available');
    expect((await search('?available=true')).names).toContain('Karim');
    await capacity(0);
    expect(await tags()).not.toContain('available');
    expect((await search('?available=true')).names).not.toContain('Karim');
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
    const filters = await expertsRepo.resolveFilters(t.db, typed);
    const pages = async (plan: SearchPlan | null) => {
      const ids: string[] = [];
      let after: unknown[] | null = null;
      for (;;) {
        const rows = await expertsRepo.search(t.db, filters, sort, after, 1, plan);
        if (!rows.length) return ids;
        ids.push(...rows.map((r) => names.get(r.id) ?? r.id));
        after = rows.at(-1)?.sortKey ?? null;
      }
    };
    const expected = (await search(query)).names;
    expect(expected.length).toBeGreaterThan(0);
    expect(await pages(null)).toEqual(expected);
    expect(await pages(walk(expected.length))).toEqual(expected);
    expect(await pages(fetch)).toEqual(expected);
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
      const res = await search(query);
      expect(res.names).toEqual(expected);
      expect(res.total).toBe(expected.length);
    });
  }
});

describe('facets', () => {
  const counts = (buckets: { value: string; count: number }[]) =>
    Object.fromEntries(buckets.map((b) => [b.value, b.count]));

  it('counts each facet over the whole marketplace', async () => {
    const { facets, total } = await search('');
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
    const { facets, total } = await search('?product=TICPE');
    expect(total).toBe(2);
    expect(counts(facets.products)).toEqual({ TICPE: 2, MSA: 1 });
    expect(counts(facets.regions)).toEqual({ 'auvergne-rhone-alpes': 1, 'provence-alpes-cote-d-azur': 1 });
    expect(counts(facets.languages)).toEqual({ fr: 2, en: 1, ar: 1 });
    const lyon = await search('?q=lyon');
    expect(lyon.total).toBe(3);
    expect(counts(lyon.facets.products)).toEqual({ TICPE: 1, ENERGIE: 1, CEE: 1, URSSAF: 1, DFS: 1 });
  });

  it('reflects a profile edit on the next read, despite the cache', async () => {
    const before = await search('?language=it');
    expect(before.total).toBe(0);
    const edit = await t.request('PATCH', '/api/experts/me', {
      token: julie.token,
      body: { languages: ['fr', 'de', 'it'] },
    });
    expect(edit.status).toBe(200);
    const after = await search('?language=it');
    expect(after.names).toEqual(['Julie']);
    expect(after.total).toBe(1);
    expect(after.facets.languages.find((b: { value: string }) => b.value === 'it')).toEqual({
      value: 'it',
      count: 1,
    });
  });

  it('shows an expert approved by an admin on the next read, despite the cache', async () => {
    expect((await search('?q=Zo%C3%A9')).total).toBe(0);
    const zoe = await registerExpert(t, { firstName: 'Zoé', lastName: 'Nouvelle' });
    names.set(zoe.user.id, 'Zoé');
    expect((await search('?q=Zo%C3%A9')).total).toBe(0);
    const approve = await t.request('POST', `/api/admin/users/${zoe.user.id}/approve`, {
      token: admin.token,
    });
    expect(approve.status).toBe(200);
    const found = await search('?q=Zo%C3%A9');
    expect(found.names).toEqual(['Zoé']);
    expect(found.total).toBe(1);
    // And off the marketplace again at once when suspended.
    const suspend = await t.request('POST', `/api/admin/users/${zoe.user.id}/suspend`, {
      token: admin.token,
      body: { reason: 'Documents à renouveler' },
    });
    expect(suspend.status).toBe(200);
    expect((await search('?q=Zo%C3%A9')).total).toBe(0);
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

  it('?cursor=not-a-cursor → 400 INVALID_CURSOR', async () => {
    const res = await t.request('GET', '/api/experts?cursor=not-a-cursor');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_CURSOR');
  });

  it('a cursor of another sort is rejected', async () => {
    const first = await search('?limit=1&sort=rating');
    const res = await t.request('GET', `/api/experts?sort=fee&cursor=${first.nextCursor}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('INVALID_CURSOR');
  });
});

describe('pagination', () => {
  it('walks every sort page by page, each expert once', async () => {
    for (const sort of ['rating', 'experience', 'fee', 'response']) {
      const all = (await search(`?sort=${sort}`)).names;
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await search(`?sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...res.names);
        cursor = res.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all);
    }
    const text: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await search(`?q=lyon&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      text.push(...res.names);
      cursor = res.nextCursor;
    } while (cursor);
    // Page by page across the relevance tiers.
    expect(text).toEqual(['Sophie', 'Julie', 'Marc']);
  });

  it('stays stable when an expert is inserted ahead of the cursor', async () => {
    const first = await search('?sort=experience&limit=2');
    expect(first.names).toEqual(['Marc', 'Sophie']);
    const veteran = await listedExpert(
      t,
      admin,
      {
        firstName: 'Victor',
        lastName: 'Ancien',
        specialties: ['FONCIER'],
        regions: ['bretagne'],
        languages: ['fr'],
      },
      { yearsExperience: 40 },
    );
    names.set(veteran.user.id, 'Victor');
    const second = await search(`?sort=experience&limit=2&cursor=${first.nextCursor}`);
    expect(second.names).toEqual(['Karim', 'Julie']);
    expect(second.nextCursor).toBeNull();
    expect((await search('?sort=experience&limit=1')).names).toEqual(['Victor']);
  });
});
