/**
 * Marketplace benchmark: `npm run bench:marketplace` (BENCH_QUICK=1 for a small run in seconds).
 *
 * Generates (or reuses) a marketplace of 100,000 experts and 1,000,000 reviews in PostgreSQL — the server of
 * DATABASE_URL (database `ft_bench_marketplace_<experts>`), or an embedded one under bench/.data — starts the app in
 * a child process, drives it with autocannon at 8 connections over a mix of realistic queries, and runs the same SQL
 * directly through `pg` at the same concurrency. Prints a table, then one JSON line.
 * `-- --runs N` repeats the API scenarios N times back to back on the same data and prints each run and the spread;
 * the JSON's usual keys describe the median run (by search p95), `*_worst_run` and `*_runs` the worst and every run.
 * BENCH_EXPLAIN=1 also prints EXPLAIN (ANALYZE, BUFFERS) of typical searches; BENCH_GENERATE_ONLY=1 stops after the data.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CompiledQuery, sql } from 'kysely';
import { closingStatuses } from '../common/dossiers.ts';
import { type ExpertSearchQuery, expertSearchQuery } from '../common/experts.ts';
import { migrate } from '../server/db/migrate.ts';
import { createDb, type Db } from '../server/db/pool.ts';
import { seedMarketplaceBench } from '../server/db/seed/marketplace-bench.ts';
import { Random } from '../server/db/seed/random.ts';
import { dossiersRepo } from '../server/modules/dossiers/dossiers.repo.ts';
import { profilesRepo } from '../server/modules/experts/profiles.repo.ts';
import { recommendationsRepo } from '../server/modules/experts/recommendations.repo.ts';
import { reviewsRepo } from '../server/modules/experts/reviews.repo.ts';
import { facetsQuery, searchQuery, searchRepo } from '../server/modules/experts/search.repo.ts';
import {
  type SearchFilters,
  type SearchPlan,
  searchFilters,
} from '../server/modules/experts/search-planner.ts';
import { forkChild, stopChild } from './child-process.ts';
import { runsFromArgs, spread } from './runs.ts';
import {
  type BenchRequest,
  httpLoad,
  openBenchDatabase,
  type Percentiles,
  percentiles,
  serveBenchApp,
} from './support.ts';
import { watchPgActivity } from './timeline/pg-activity.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const QUICK = process.env.BENCH_QUICK === '1';
const SCALE = QUICK ? { experts: 2_000, reviews: 20_000 } : { experts: 100_000, reviews: 1_000_000 };
const DURATION_S = QUICK ? 3 : 20;
const WARMUP_S = QUICK ? 1 : 3;
const CONNECTIONS = 8;

// ---------------------------------------------------------------------------------------------------------------
// Child mode: the app alone in its own process, so that the load generator does not share its event loop.
if (process.argv[2] === '--serve') {
  const { app, port } = await serveBenchApp(process.argv[3]!);
  const tokens = await Promise.all(
    (JSON.parse(process.argv[4] ?? '[]') as string[]).map((sub) =>
      app.services.tokens.signAccess({ sub, role: 'client' }, new Date()),
    ),
  );
  process.send?.({ port, tokens });
} else {
  await main();
}

type Stats = Percentiles & { rps: number; errors: number };

function summarise(latencies: number[], seconds: number, errors: number): Stats {
  return { ...percentiles(latencies), rps: Math.round(latencies.length / seconds), errors };
}

/** Generate the data unless a previous run left exactly this scale. */
async function ensureData(url: string, db: Db) {
  await migrate(url);
  const counts = await sql<{ experts: number; reviews: number }>`
    SELECT (SELECT count(*)::int FROM users WHERE role = 'expert') AS experts,
           (SELECT count(*)::int FROM reviews) AS reviews`.execute(db);
  const { experts, reviews } = counts.rows[0]!;
  if (experts === SCALE.experts && reviews === SCALE.reviews) {
    console.log(`Reusing ${experts} experts and ${reviews} reviews.`);
    return;
  }
  if (experts > 0)
    throw new Error(`The bench database holds another data set (${experts} experts): drop it first.`);
  const started = Date.now();
  console.log(`Generating ${SCALE.experts} experts and ${SCALE.reviews} reviews…`);
  await seedMarketplaceBench(db, SCALE);
  // The bulk load rewrites every profile once its aggregates are in: compact the table, as a restore would be.
  await sql`VACUUM FULL expert_profiles`.execute(db);
  await sql`VACUUM ANALYZE`.execute(db);
  console.log(`Generated in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

/** A deterministic mix of what clients type: a text, 2–3 filters, a sort. */
function searchMix(count: number): string[] {
  const random = new Random(7);
  const texts = [
    'ticpe',
    'urssaf',
    'comptable',
    'expert comptable',
    'avocat fiscaliste',
    'lyon',
    'paris',
    'marseille',
    'toulouse',
    'énergie',
    'douanes',
    'comptabel',
    'fiscalite',
    'taxe foncière',
    'bordeaux',
    'cotisations',
    'gazole',
    '',
  ];
  const filters: (() => string)[] = [
    () => `product=${random.pick(['TICPE', 'URSSAF', 'DFS', 'FONCIER', 'MSA', 'CEE', 'ENERGIE'])}`,
    () =>
      `region=${random.pick(['ile-de-france', 'auvergne-rhone-alpes', 'occitanie', 'nouvelle-aquitaine', 'grand-est', 'bretagne'])}`,
    () => `language=${random.pick(['en', 'es', 'de'])}`,
    () => `minRating=${random.pick(['3.5', '4', '4.5'])}`,
    () => 'available=true',
    () => 'verified=true',
    () => `minYears=${random.pick(['5', '10'])}`,
    () => `maxCommission=${random.pick(['25', '30'])}`,
  ];
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const q = random.pick(texts);
    const parts = q ? [`q=${encodeURIComponent(q)}`] : [];
    for (const f of random.sample(filters, random.int(2, 3))) parts.push(f());
    parts.push(
      `sort=${random.pick(q ? ['relevance', 'relevance', 'rating', 'fee'] : ['rating', 'experience', 'fee', 'response'])}`,
    );
    paths.push(`/api/experts?${parts.join('&')}`);
  }
  return paths;
}

function parseSearch(p: string): ExpertSearchQuery {
  const params = new URLSearchParams(p.split('?')[1]);
  const raw: Record<string, string | string[]> = {};
  for (const [k, v] of params) raw[k] = k in raw ? [raw[k]!, v].flat() : v;
  return expertSearchQuery.parse(raw);
}

async function runHttp(baseUrl: string, requests: BenchRequest[], seconds: number): Promise<Stats> {
  const { latencies, errors } = await httpLoad({
    url: baseUrl,
    connections: CONNECTIONS,
    duration: seconds,
    requests,
  });
  return summarise(latencies, seconds, errors);
}

/** The same statements straight through pg, CONNECTIONS at a time, for the same duration. */
async function runSql<T>(items: T[], seconds: number, run: (item: T) => Promise<unknown>): Promise<Stats> {
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + seconds * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < end) {
        const item = items[next++ % items.length]!;
        const started = performance.now();
        try {
          await run(item);
          latencies.push(performance.now() - started);
        } catch {
          errors++;
        }
      }
    }),
  );
  return summarise(latencies, seconds, errors);
}

/**
 * The filters as the API searches them (words and tags resolved) and the plan it derives from the facet counts (both of which
 * it caches), computed here outside the timings.
 */
async function planFor(
  db: Db,
  query: SearchFilters,
  population: number,
): Promise<{ filters: SearchFilters; plan: SearchPlan }> {
  const filters = await searchRepo.resolveFilters(db, query);
  const rows = await searchRepo.facets(db, filters);
  const tiers: Record<1 | 2 | 3, number> = { 1: 0, 2: 0, 3: 0 };
  let matches = 0;
  let candidates = 0;
  for (const row of rows) {
    if (row.facet === 'total') matches = row.count;
    if (row.facet === 'candidates') candidates = row.count;
    if (row.facet === 'tiers') tiers[Number(row.value) as 1 | 2 | 3] = row.count;
  }
  return { filters, plan: { matches, candidates, tiers: filters.text ? tiers : null, population } };
}

/** Every distinct request once, CONNECTIONS at a time: the steady state of repeated queries (warm caches). */
async function warm(baseUrl: string, requests: { path: string; headers?: Record<string, string> }[]) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < requests.length) {
        const r = requests[next++]!;
        await (await fetch(`${baseUrl}${r.path}`, { headers: r.headers })).arrayBuffer();
      }
    }),
  );
}

async function explain(db: Db, compiled: CompiledQuery) {
  const result = await db.executeQuery<{ 'QUERY PLAN': string }>({
    ...compiled,
    sql: `EXPLAIN (ANALYZE, BUFFERS) ${compiled.sql}`,
  });
  return result.rows.map((r) => r['QUERY PLAN']).join('\n');
}

async function main() {
  const { url, stop } = await openBenchDatabase(
    `ft_bench_marketplace_${SCALE.experts}`,
    path.join(here, '.data'),
  );
  const { db } = createDb(url, CONNECTIONS + 2);
  try {
    await ensureData(url, db);
    if (process.env.BENCH_GENERATE_ONLY === '1') return;

    // Fixtures: listed experts to open, and eligible dossiers of clients across regions and products.
    const expertIds = (
      await sql<{ id: string }>`SELECT user_id AS id FROM expert_profiles WHERE listed
        ORDER BY md5(user_id::text) LIMIT 500`.execute(db)
    ).rows.map((r) => r.id);
    const clients = (
      await sql<{ userId: string; companyId: string }>`SELECT id AS user_id, company_id FROM users
        WHERE role = 'client' ORDER BY id LIMIT 50`.execute(db)
    ).rows;
    const products = ['TICPE', 'URSSAF', 'DFS', 'FONCIER', 'MSA', 'CEE', 'ENERGIE'];
    const dossierIds: string[] = [];
    for (const [i, c] of clients.entries()) {
      const id = `00000000-0006-7000-8000-${i.toString(16).padStart(12, '0')}`;
      // Of the product in turn, or the next one the company has no open dossier of (one open dossier per product).
      const rotated = [...products.slice(i % products.length), ...products.slice(0, i % products.length)];
      await sql`INSERT INTO dossiers (id, company_id, product_code, status, estimated_cents, created_by,
          status_changed_at, created_at, updated_at)
        SELECT ${id}, ${c.companyId}, p.code, 'eligible', 1000000, ${c.userId}, now(), now(), now()
        FROM unnest(${rotated}::text[]) WITH ORDINALITY p (code, n)
        WHERE NOT EXISTS (SELECT 1 FROM dossiers d WHERE d.company_id = ${c.companyId} AND d.product_code = p.code
          AND d.status <> ALL (${closingStatuses}::text[]))
        ORDER BY n LIMIT 1
        ON CONFLICT (id) DO NOTHING`.execute(db);
      dossierIds.push(id);
    }

    const {
      child,
      ready: { port, tokens },
    } = await forkChild<{ port: number; tokens: string[] }>(
      fileURLToPath(import.meta.url),
      ['--serve', url, JSON.stringify(clients.map((c) => c.userId))],
      { app: true },
    );
    const baseUrl = `http://127.0.0.1:${port}`;

    const searchPaths = searchMix(200);
    const scenarios = {
      search: searchPaths.map((p) => ({ path: p })),
      profile: expertIds.map((id) => ({ path: `/api/experts/${id}` })),
      recommendations: dossierIds.map((id, i) => ({
        path: `/api/experts/recommended?dossierId=${id}`,
        headers: { authorization: `Bearer ${tokens[i]}` },
      })),
    };
    const runCount = runsFromArgs();
    const runs: Record<string, Stats>[] = [];
    for (let run = 1; run <= runCount; run++) {
      const measured: Record<string, Stats> = {};
      const background = await watchPgActivity(url);
      for (const [name, requests] of Object.entries(scenarios)) {
        await warm(baseUrl, requests);
        await runHttp(baseUrl, requests, WARMUP_S);
        measured[name] = await runHttp(baseUrl, requests, DURATION_S);
      }
      runs.push(measured);
      const meanwhile = await background();
      const line = Object.entries(measured).map(([name, s]) => `${name} p95 ${s.p95_ms} ms`);
      console.log(`run ${run} of ${runCount}: ${line.join(', ')}; in PostgreSQL meanwhile: ${meanwhile}`);
    }
    await stopChild(child);
    const medianRun = [...runs].sort((a, b) => a.search!.p95_ms - b.search!.p95_ms)[
      Math.floor((runCount - 1) / 2)
    ]!;
    const results: Record<string, Stats & { floor_ratio?: number }> = { ...medianRun };
    const p95Spread = Object.fromEntries(
      Object.keys(scenarios).map((name) => [name, spread(runs.map((r) => r[name]!.p95_ms))]),
    );

    // The same SQL, straight through pg.
    const population = await searchRepo.population(db);
    const searches = [];
    for (const p of searchPaths) {
      const { filters, sort } = searchFilters(parseSearch(p));
      searches.push({ sort, ...(await planFor(db, filters, population)) });
    }
    results.search_sql = await runSql(searches, DURATION_S, ({ filters, sort, plan }) =>
      plan.matches === 0 ? Promise.resolve([]) : searchRepo.search(db, filters, sort, null, 21, plan),
    );
    results.facets_sql = await runSql(searches, DURATION_S, ({ filters }) => searchRepo.facets(db, filters));
    results.profile_sql = await runSql(expertIds, DURATION_S, (id) =>
      Promise.all([profilesRepo.profile(db, id), reviewsRepo.latestReviews(db, id, 5)]),
    );
    const dossierRegions = new Map<string, { product: string; region: string }>();
    for (const id of dossierIds) {
      const view = await dossiersRepo.findView(db, id);
      dossierRegions.set(id, { product: view!.productCode, region: view!.companyRegion });
    }
    results.recommendations_sql = await runSql(dossierIds, DURATION_S, async (id) => {
      await Promise.all([dossiersRepo.findView(db, id), dossiersRepo.timeline(db, id)]);
      const d = dossierRegions.get(id)!;
      return recommendationsRepo.recommend(db, { ...d, language: 'fr', limit: 5, excludeExpertId: null });
    });
    for (const name of ['search', 'profile', 'recommendations']) {
      const api = results[name]!;
      const floor = results[`${name}_sql`]!;
      api.floor_ratio = floor.p50_ms > 0 ? Math.round((api.p50_ms / floor.p50_ms) * 100) / 100 : 0;
    }

    if (process.env.BENCH_EXPLAIN === '1') {
      for (const p of [
        '/api/experts?q=comptable&region=ile-de-france&available=true',
        '/api/experts?q=ticpe&product=TICPE&minRating=4&sort=rating',
        '/api/experts?product=URSSAF&language=en&sort=rating',
        '/api/experts?q=comptabel&verified=true',
      ]) {
        const { filters: query, sort } = searchFilters(parseSearch(p));
        const { filters, plan } = await planFor(db, query, population);
        console.log(
          `\n-- ${p}\n${await explain(db, searchQuery(filters, sort, null, 21, plan).compile(db))}`,
        );
        console.log(`\n-- facets of ${p}\n${await explain(db, facetsQuery(filters).compile(db))}`);
      }
    }

    console.log(
      `\nMarketplace benchmark — ${SCALE.experts} experts, ${SCALE.reviews} reviews, ${CONNECTIONS} connections, ${DURATION_S} s each`,
    );
    if (runCount > 1) {
      console.log(`API scenarios: the median run of ${runCount} (by search p95); p95 over the runs:`);
      for (const [name, p] of Object.entries(p95Spread)) {
        console.log(`  ${name.padEnd(20)} median ${p.median} ms, worst ${p.worst} ms (${p.runs.join(', ')})`);
      }
    }
    console.log('scenario               p50 ms   p95 ms   p99 ms      req/s   errors   API/SQL p50');
    for (const [name, s] of Object.entries(results)) {
      console.log(
        `${name.padEnd(22)}${s.p50_ms.toFixed(2).padStart(7)}${s.p95_ms.toFixed(2).padStart(9)}${s.p99_ms
          .toFixed(2)
          .padStart(9)}${String(s.rps).padStart(11)}${String(s.errors).padStart(9)}${
          s.floor_ratio === undefined ? '' : s.floor_ratio.toFixed(2).padStart(14)
        }`,
      );
    }
    const json = Object.fromEntries(
      Object.entries(results).map(([name, s]) => [
        name,
        {
          p50_ms: s.p50_ms,
          p95_ms: s.p95_ms,
          p99_ms: s.p99_ms,
          rps: s.rps,
          errors: s.errors,
          ...(s.floor_ratio === undefined ? {} : { floor_ratio: s.floor_ratio }),
          ...(p95Spread[name]
            ? { p95_ms_worst_run: p95Spread[name].worst, p95_ms_runs: p95Spread[name].runs }
            : {}),
        },
      ]),
    );
    console.log(
      JSON.stringify({
        bench: 'marketplace',
        scale: { ...SCALE, connections: CONNECTIONS, duration_s: DURATION_S, runs: runCount, quick: QUICK },
        results: json,
      }),
    );
  } finally {
    await db.destroy();
    await stop();
  }
}
