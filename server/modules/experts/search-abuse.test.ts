import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from '../../../tests/support/factories.ts';
import { startedApp, startTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { MemoryCache } from '../../platform/cache.ts';
import { listedExpert } from './experts.factories.ts';

const BUDGET_MS = 1_500;
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ searchFacetsBudgetMs: BUDGET_MS });
  const admin = await createAdmin(t);
  for (const [firstName, city] of [
    ['Sophie', 'Paris'],
    ['Marc', 'Lyon'],
  ] as const) {
    await listedExpert(
      t,
      admin,
      {
        firstName,
        lastName: 'Expert',
        specialties: ['TICPE'],
        regions: ['ile-de-france'],
        languages: ['fr'],
      },
      { headline: `Expert-comptable à ${city}`, city },
    );
  }
});
afterAll(() => t.close());

const search = (query: string) => t.request('GET', `/api/experts${query}`);
const cacheSize = () => (t.app.services.cache as MemoryCache).size;

/** Holds an exclusive lock on the profiles (as a long migration or a slow count would), until `release`. */
async function lockProfiles() {
  const client = new pg.Client({ connectionString: t.databaseUrl });
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE expert_profiles IN ACCESS EXCLUSIVE MODE');
  return async () => {
    await client.query('COMMIT');
    await client.end();
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('marketplace facet counts', () => {
  it('share one cache entry for every spelling of the same filters', async () => {
    expect(t.app.services.cache).toBeInstanceOf(MemoryCache);
    const first = await search('?q=comptable+paris&product=TICPE');
    expect(first.status).toBe(200);
    const entries = cacheSize();
    for (const spelling of [
      '?q=Paris%20Comptable&product=TICPE',
      '?q=paris+comptable+paris&product=TICPE&product=TICPE',
    ]) {
      const res = await search(spelling);
      expect(res.body.total).toBe(first.body.total);
      expect(res.body.facets).toEqual(first.body.facets);
    }
    expect(cacheSize()).toBe(entries);
  });

  it('are skipped past the time budget: the page is served, total and facets null', async () => {
    const release = await lockProfiles();
    const pending = search('?q=lyon');
    await sleep(BUDGET_MS + 300);
    await release();
    const res = await pending;
    expect(res.status).toBe(200);
    expect(res.body.total).toBeNull();
    expect(res.body.facets).toBeNull();
    expect(res.body.items.map((e: { firstName: string }) => e.firstName)).toEqual(['Marc']);
  });

  it('are not computed again for the same filters once they went over budget', async () => {
    const release = await lockProfiles();
    const pending = search('?q=expert&region=ile-de-france');
    await sleep(BUDGET_MS + 300);
    await release();
    expect((await pending).body.total).toBeNull();
    // The lock is gone and the count would be quick now, but the over-budget filter set waits for the cache to expire.
    const again = await search('?q=expert&region=ile-de-france');
    expect(again.body.total).toBeNull();
    expect(again.body.items).toHaveLength(2);
  });
});

describe('marketplace facet counts under a burst of new filter sets', () => {
  it('run at most two at a time per process; the other searches wait their turn', async () => {
    const release = await lockProfiles();
    const burst = [
      '?q=sophie',
      '?q=marc',
      '?q=lyon&region=ile-de-france',
      '?q=paris&region=ile-de-france',
    ].map((q) => search(`${q}&language=fr`));
    await sleep(300);
    // Counts waiting on the lock are the ones running; the others have not asked the database yet.
    const admin = new pg.Client({ connectionString: t.databaseUrl });
    await admin.connect();
    const { rows } = await admin.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%candidates%'`,
    );
    await admin.end();
    expect(rows[0].n).toBe(2);
    await release();
    // Within the budget, every one of them got its turn.
    for (const res of await Promise.all(burst)) expect(res.body.total).toEqual(expect.any(Number));
  });
});

describe('marketplace search rate limit', () => {
  const limited = startedApp({ searchRateLimitPerMinute: 3 });

  it('answers 429 past the configured searches per minute from one address', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await limited.request('GET', `/api/experts?q=x${i}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });
});
