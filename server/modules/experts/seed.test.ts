import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { seedDemo } from '../../db/seed/demo.ts';
import { recomputeMarketplaceStats, seedMarketplaceBench } from '../../db/seed/marketplace-bench.ts';
import { recommendationsRepo } from './recommendations.repo.ts';

/** The aggregates as the triggers left them, in a comparable form. */
async function snapshot(t: TestApp) {
  const stats = await sql<Record<string, unknown>>`SELECT * FROM expert_stats ORDER BY expert_id`.execute(
    t.db,
  );
  const products = await sql<Record<string, unknown>>`
    SELECT * FROM expert_product_stats WHERE completed_dossiers + refused_dossiers > 0
    ORDER BY expert_id, product_code`.execute(t.db);
  const copies = await sql<Record<string, unknown>>`
    SELECT user_id, review_count, rating_avg, rating_score, active_load FROM expert_profiles ORDER BY user_id`.execute(
    t.db,
  );
  const reco = await sql<Record<string, unknown>>`
    SELECT * FROM expert_reco_scores ORDER BY product_code, expert_id, region`.execute(t.db);
  return { stats: stats.rows, products: products.rows, copies: copies.rows, reco: reco.rows };
}

describe('demo data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedDemo(t.db, { experts: 12, pendingExperts: 2, companies: 40, dossiersPerCompany: 3 });
  }, 120_000);
  afterAll(() => t.close());

  it('seeds rich, searchable profiles and reviews of closed dossiers', async () => {
    const res = await t.request('GET', '/api/experts?limit=50');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(12);
    for (const e of res.body.items) {
      expect(e.headline).not.toBe('');
      expect(e.city).not.toBe('');
      expect(e.fee.commissionPercent ?? e.fee.dayRateCents).toBeGreaterThan(0);
    }
    const reviewed = res.body.items.filter((e: { rating: { count: number } }) => e.rating.count > 0);
    expect(reviewed.length).toBeGreaterThan(0);
  });

  it('the triggers kept exactly the aggregates a full recount gives', async () => {
    const before = await snapshot(t);
    expect(before.stats.length).toBeGreaterThan(0);
    await recomputeMarketplaceStats(t.db);
    expect(await snapshot(t)).toEqual(before);
  });
});

describe('marketplace bench generator', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await seedMarketplaceBench(t.db, { experts: 1500, reviews: 3000 });
  }, 120_000);
  afterAll(() => t.close());

  it('generates the requested scale set-based, with aggregates equal to what the triggers would keep', async () => {
    const counts = await sql<{ experts: number; reviews: number; listed: number }>`
      SELECT (SELECT count(*)::int FROM users WHERE role = 'expert') AS experts,
             (SELECT count(*)::int FROM reviews) AS reviews,
             (SELECT count(*)::int FROM expert_profiles WHERE listed) AS listed`.execute(t.db);
    expect(counts.rows[0]).toEqual({ experts: 1500, reviews: 3000, listed: 1470 });
    const visible = await sql<{ n: number; sum: number }>`
      SELECT count(*)::int AS n, sum(rating)::int AS sum FROM reviews WHERE NOT hidden`.execute(t.db);
    const stats = await sql<{ n: number; sum: number }>`
      SELECT sum(review_count)::int AS n, sum(rating_sum)::int AS sum FROM expert_stats`.execute(t.db);
    expect(stats.rows[0]).toEqual(visible.rows[0]);

    // Hiding a review through the trigger path gives the same figures as a recount.
    await sql`UPDATE reviews SET hidden = true, hidden_reason = 'test'
      WHERE id = (SELECT id FROM reviews WHERE NOT hidden ORDER BY id LIMIT 1)`.execute(t.db);
    const before = await snapshot(t);
    await recomputeMarketplaceStats(t.db);
    expect(await snapshot(t)).toEqual(before);

    // Recommendations read candidates in batches by static score; the result is the exhaustive ranking's.
    for (const [product, region, language] of [
      ['TICPE', 'ile-de-france', 'fr'],
      ['MSA', 'bretagne', 'en'],
      ['ENERGIE', 'occitanie', 'de'],
    ] as const) {
      const fast = await recommendationsRepo.recommend(t.db, {
        product,
        region,
        language,
        limit: 5,
        excludeExpertId: null,
      });
      const exhaustive = await sql<{ id: string; score: string }>`
        SELECT p.user_id AS id, round(expert_static_score(coalesce((p.years_by_product ->> ${product})::int, 0),
            p.rating_score, p.median_response_minutes, coalesce(ps.completed_dossiers, 0),
            coalesce(ps.refused_dossiers, 0))
          + CASE WHEN p.regions @> ARRAY[${region}]::text[] THEN 20 ELSE 0 END
          + CASE WHEN p.languages @> ARRAY[${language}]::text[] THEN 5 ELSE 0 END
          + 10 * (1 - p.active_load::numeric / p.capacity), 2) AS score
        FROM expert_profiles p
        LEFT JOIN expert_product_stats ps ON ps.expert_id = p.user_id AND ps.product_code = ${product}
        WHERE p.listed AND ${product} = ANY (p.specialties) AND p.active_load < p.capacity
        ORDER BY score DESC, p.user_id LIMIT 5`.execute(t.db);
      expect(fast.map((r) => [r.id, r.score])).toEqual(exhaustive.rows.map((r) => [r.id, r.score]));
    }

    const search = await t.request('GET', '/api/experts?q=ticpe&region=ile-de-france&sort=rating&limit=5');
    expect(search.status).toBe(200);
    expect(search.body.items.length).toBeGreaterThan(0);
    expect(search.body.total).toBeGreaterThanOrEqual(search.body.items.length);
  });
});
