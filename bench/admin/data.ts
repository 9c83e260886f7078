/**
 * The admin benchmark's data set, generated once per scale and kept: client companies across the 18 regions (one
 * client each), experts (1 in 40 awaiting approval), three admins, and dossiers over two years, each with its status
 * history (dossier_events), the simulation it came from (or an anonymous one), its expert request once it reached
 * an expert, and an SLA step for the finished ones. The platform grows: companies sign up more often lately, and a
 * company's dossiers are opened between its sign-up and today. Each dossier has a fate (closed after a refund 72 %,
 * not eligible 10 %, cancelled early 10 %, refused 8 %) and a time per status; its status today is the furthest one
 * its times reach, so old dossiers are over and recent ones under way, like the real platform.
 *
 * Set-based SQL with hash-derived values (a scale always gives the same data), in one transaction. The aggregate
 * triggers are off during the load; then the dashboard's aggregates (aggregates.ts) and the marketplace's are computed
 * set-based from the rows, with the rules the triggers apply; the run ends by comparing them with a full recount.
 */
import { sql } from 'kysely';
import { mainPath } from '../../common/dossier-lifecycle.ts';
import { companySizes, regions, sectors } from '../../common/reference.ts';
import type { Db, Executor } from '../../server/db/pool.ts';
import { seedProducts } from '../../server/db/seed/catalog.ts';
import { recomputeMarketplaceStats } from '../../server/db/seed/marketplace-bench.ts';
import { typicalStatusDays } from '../../server/db/seed/status-days.ts';
import { companyPlaces, companyWords, firstNames, lastNames } from '../../server/db/seed/vocabulary.ts';
import { createBenchFunctions, ensureBenchData } from '../support.ts';
import { withAggregatesRebuilt } from './aggregates.ts';

export type AdminScale = {
  scale: number;
  dossiers: number;
  clients: number;
  experts: number;
  admins: number;
};

/** `--scale S` (default 1): 1,000,000 × S dossiers, 200,000 × S clients, 20,000 × S experts. */
export function scaleFromArgs(argv = process.argv): AdminScale {
  const at = argv.indexOf('--scale');
  const scale = at >= 0 ? Number(argv[at + 1]) : 1;
  if (!(scale > 0 && scale <= 1)) throw new Error('--scale takes a number in ]0, 1]');
  const dossiers = Math.round(1_000_000 * scale);
  return {
    scale,
    dossiers,
    clients: Math.max(10, Math.round(200_000 * scale)),
    experts: Math.max(40, Math.round(20_000 * scale)),
    admins: 3,
  };
}

/** Ids of generated rows (`pg_temp.bid(kind, i)`). */
export const kinds = {
  company: 2,
  client: 1,
  expert: 3,
  admin: 4,
  dossier: 5,
  simulation: 6,
  request: 7,
} as const;

/** The data set of this size, generated first when the database holds none (support.ts `ensureBenchData`). */
export function ensureData(url: string, db: Db, scale: AdminScale): Promise<{ generatedSeconds: number }> {
  return ensureBenchData(url, db, {
    meta: 'bench_admin_meta',
    dossiers: scale.dossiers,
    noun: 'dossiers',
    truncate: 'companies, users, products',
    announce: `Generating ${scale.dossiers} dossiers (${scale.clients} clients, ${scale.experts} experts) over two years…`,
    generate: async () => {
      await seedProducts(db);
      await db.transaction().execute(async (trx) => {
        await createBenchFunctions(trx);
        await withAggregatesRebuilt(trx, async () => {
          await generatePeople(trx, scale);
          await generateDossiers(trx, scale);
        });
        await recomputeMarketplaceStats(trx);
      });
    },
  });
}

/** A moment `days` days at most before now, skewed toward now (density growing linearly: a growing platform). */
const growing = (i: string, salt: number, days: number) =>
  sql.raw(
    `now() - ${days} * interval '1 day' * (1 - sqrt((pg_temp.h(${i}, ${salt}) % 1000000) / 1000000.0))`,
  );

async function generatePeople(trx: Executor, scale: AdminScale) {
  const run = (query: ReturnType<typeof sql>) => query.execute(trx);
  await run(sql`CREATE TEMP TABLE bench_param ON COMMIT DROP AS SELECT
    ${sql.val(firstNames)}::text[] AS first_names, ${sql.val(lastNames)}::text[] AS last_names,
    ${sql.val(companyWords)}::text[] AS company_words, ${sql.val(companyPlaces)}::text[] AS company_places,
    ${sql.val([...regions])}::text[] AS regions, ${sql.val([...sectors])}::text[] AS sectors,
    ${sql.val([...companySizes])}::text[] AS sizes,
    (SELECT array_agg(code ORDER BY code) FROM products) AS products`);
  // Most companies in the 13 metropolitan regions, 8 % overseas.
  await run(sql`INSERT INTO companies (id, name, siren, sector, size, region, created_at)
    SELECT pg_temp.bid(${kinds.company}, i),
      company_words[1 + pg_temp.h(i, 1) % cardinality(company_words)] || ' ' ||
        last_names[1 + pg_temp.h(i, 2) % cardinality(last_names)] || ' ' ||
        company_places[1 + pg_temp.h(i, 3) % cardinality(company_places)],
      lpad((600000000 + i)::text, 9, '0'),
      sectors[1 + pg_temp.h(i, 4) % cardinality(sectors)], sizes[1 + pg_temp.h(i, 5) % cardinality(sizes)],
      CASE WHEN pg_temp.h(i, 6) % 100 < 92 THEN regions[1 + pg_temp.h(i, 7) % 13]
        ELSE regions[14 + pg_temp.h(i, 7) % 5] END,
      ${growing('i', 8, 740)}
    FROM generate_series(1, ${scale.clients}::bigint) i, bench_param`);
  const person = (
    kind: number,
    role: string,
    count: number,
    status: ReturnType<typeof sql>,
    at: ReturnType<typeof sql>,
  ) =>
    run(sql`INSERT INTO users (id, email, password_hash, role, status, first_name, last_name, company_id,
        email_verified_at, created_at, updated_at)
      SELECT pg_temp.bid(${kind}, i), 'bench.' || ${role} || i || '@bench.test', 'not-a-login', ${role}, ${status},
        first_names[1 + pg_temp.h(i, 10) % cardinality(first_names)],
        last_names[1 + pg_temp.h(i, 11) % cardinality(last_names)],
        ${role === 'client' ? sql`pg_temp.bid(${kinds.company}, i)` : sql`NULL::uuid`}, t.at, t.at, t.at
      FROM generate_series(1, ${count}::bigint) i, bench_param, LATERAL (SELECT ${at} AS at) t`);
  await person(
    kinds.client,
    'client',
    scale.clients,
    sql`'active'`,
    sql`(SELECT created_at FROM companies WHERE id = pg_temp.bid(${kinds.company}, i))`,
  );
  await person(
    kinds.expert,
    'expert',
    scale.experts,
    sql`CASE WHEN i % 40 = 0 THEN 'pending' ELSE 'active' END`,
    growing('i', 12, 760),
  );
  await person(kinds.admin, 'admin', scale.admins, sql`'active'`, sql`now() - interval '800 days'`);
  await run(sql`INSERT INTO expert_profiles (user_id, specialties, regions, languages, bio, fee_model,
      commission_percent, day_rate_cents, capacity, created_at, updated_at)
    SELECT pg_temp.bid(${kinds.expert}, i),
      ARRAY(SELECT DISTINCT products[1 + (pg_temp.h(i, 13) + k * 3) % cardinality(products)]
            FROM generate_series(0, (pg_temp.h(i, 14) % 3)::int) k),
      ARRAY[regions[1 + pg_temp.h(i, 15) % 13]], ARRAY['fr'], '',
      CASE WHEN pg_temp.h(i, 16) % 100 < 15 THEN 'day_rate' ELSE 'commission' END,
      CASE WHEN pg_temp.h(i, 16) % 100 < 15 THEN NULL ELSE (ARRAY[20, 25, 28, 30, 30, 35])[1 + pg_temp.h(i, 17) % 6] END,
      CASE WHEN pg_temp.h(i, 16) % 100 < 15 THEN (6 + pg_temp.h(i, 18) % 10) * 10000 END,
      5 + pg_temp.h(i, 19) % 26, u.created_at, u.created_at
    FROM generate_series(1, ${scale.experts}::bigint) i
    JOIN users u ON u.id = pg_temp.bid(${kinds.expert}, i), bench_param`);
}

/** Dossier j: company 1 + (j − 1) % clients, its k-th (distinct products: at most one open per product). */
async function generateDossiers(trx: Executor, scale: AdminScale) {
  const run = (query: ReturnType<typeof sql>) => query.execute(trx);
  const main = sql.val([...mainPath]);
  const days = sql.val(mainPath.map((s) => typicalStatusDays[s] ?? 0));
  // Each dossier's path (its fate) and the moment it entered each status, up to now.
  await run(sql`CREATE TEMP TABLE bench_plan ON COMMIT DROP AS
    SELECT j, c, d.product, d.created_at, r.statuses, r.times
    FROM generate_series(1, ${scale.dossiers}::bigint) j, bench_param,
    LATERAL (SELECT 1 + (j - 1) % ${scale.clients} AS c, (j - 1) / ${scale.clients} AS k, pg_temp.h(j, 20) % 100 AS fate) x,
    LATERAL (SELECT products[1 + (x.c + x.k) % cardinality(products)] AS product,
      co.created_at + (now() - co.created_at) * ((pg_temp.h(j, 21) % 1000000) / 1000000.0) AS created_at,
      CASE WHEN x.fate < 72 THEN ${main}::text[]
        WHEN x.fate < 82 THEN (${main}::text[])[1:3] || 'not_eligible'::text
        WHEN x.fate < 92 THEN (${main}::text[])[1:(ARRAY[1, 2, 4, 7])[1 + pg_temp.h(j, 22) % 4]] || 'cancelled'::text
        ELSE (${main}::text[])[1:11] || 'refused'::text END AS path
      FROM companies co WHERE co.id = pg_temp.bid(${kinds.company}, x.c)) d,
    LATERAL (SELECT array_agg(s ORDER BY n) AS statuses, array_agg(at ORDER BY n) AS times
      FROM (SELECT n, s, d.created_at + coalesce(sum(dur) OVER (ORDER BY n ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
          interval '0') AS at
        FROM unnest(d.path) WITH ORDINALITY p(s, n),
        LATERAL (SELECT coalesce((${days}::numeric[])[array_position(${main}::text[], s)], 0)
          * interval '1 day' * (0.3 + (pg_temp.h(j, 30 + n::int) % 140) / 100.0) AS dur) t) steps
      WHERE at <= now()) r`);
  await run(sql`ALTER TABLE bench_plan ADD COLUMN status text, ADD COLUMN changed_at timestamptz,
    ADD COLUMN expert bigint`);
  await run(sql`UPDATE bench_plan SET status = statuses[cardinality(statuses)], changed_at = times[cardinality(times)],
    expert = CASE WHEN 'expert_pending' = ANY (statuses) THEN
      (SELECT CASE WHEN e % 40 = 0 THEN e - 1 ELSE e END FROM (SELECT 1 + pg_temp.h(j, 23) % ${scale.experts} AS e) x) END`);
  // Simulations: one before each dossier (linked to 60 % of them), and as many again anonymous ones.
  await run(sql`INSERT INTO simulations (id, user_id, answers, results, total_estimated_cents, created_at)
    SELECT pg_temp.bid(${kinds.simulation}, j), pg_temp.bid(${kinds.client}, c), '{}', '[]', 0,
      created_at - (1 + pg_temp.h(j, 24) % 72) * interval '1 hour'
    FROM bench_plan`);
  await run(sql`INSERT INTO simulations (id, user_id, answers, results, total_estimated_cents, created_at)
    SELECT pg_temp.bid(${kinds.simulation}, ${scale.dossiers} + i), NULL, '{}', '[]', 0, ${growing('i', 25, 730)}
    FROM generate_series(1, ${scale.dossiers}::bigint) i`);
  const has = (status: string) => sql.raw(`'${status}' = ANY (statuses)`);
  const amount = sql`(2000 + pg_temp.h(j, 26) % 90000) * 100`;
  const audited = sql`${amount} * (80 + pg_temp.h(j, 27) % 40) / 100`;
  const granted = sql`${audited} * (70 + pg_temp.h(j, 28) % 30) / 100`;
  await run(sql`INSERT INTO dossiers (id, company_id, product_code, status, expert_id, estimated_cents, audited_cents,
      granted_cents, obtained_cents, administration_reference, simulation_id, created_by, status_changed_at,
      created_at, updated_at)
    SELECT pg_temp.bid(${kinds.dossier}, j), pg_temp.bid(${kinds.company}, c), product, status,
      CASE WHEN status <> 'cancelled' OR ${has('expert_assigned')} THEN pg_temp.bid(${kinds.expert}, expert) END,
      ${amount},
      CASE WHEN ${has('audit_proposed')} THEN ${audited} END,
      CASE WHEN status = 'refused' THEN 0 WHEN ${has('administration_decided')} THEN ${granted} END,
      CASE WHEN ${has('refunded')} THEN ${granted} END,
      CASE WHEN ${has('submitted')} THEN 'ADM-' || j END,
      CASE WHEN pg_temp.h(j, 29) % 10 < 6 THEN pg_temp.bid(${kinds.simulation}, j) END,
      pg_temp.bid(${kinds.client}, c), changed_at, created_at, changed_at
    FROM bench_plan`);
  await run(sql`INSERT INTO dossier_events (id, dossier_id, actor_id, type, from_status, to_status, created_at)
    SELECT gen_random_uuid(), pg_temp.bid(${kinds.dossier}, j),
      CASE WHEN n = 1 THEN pg_temp.bid(${kinds.client}, c) ELSE pg_temp.bid(${kinds.admin}, 1) END,
      CASE WHEN n = 1 THEN 'created' ELSE 'status_changed' END, statuses[n - 1], statuses[n], times[n]
    FROM bench_plan, generate_subscripts(statuses, 1) n`);
  // The request to the expert, answered when the dossier went on (in minutes to two days), else still open.
  const at = (status: string) => sql.raw(`times[array_position(statuses, '${status}')]`);
  await run(sql`INSERT INTO expert_requests (id, dossier_id, expert_id, company_id, requested_by, status, created_at,
      responded_at)
    SELECT pg_temp.bid(${kinds.request}, j), pg_temp.bid(${kinds.dossier}, j), pg_temp.bid(${kinds.expert}, expert),
      pg_temp.bid(${kinds.company}, c), pg_temp.bid(${kinds.client}, c),
      CASE WHEN ${has('expert_assigned')} THEN 'accepted' WHEN status = 'cancelled' THEN 'cancelled' ELSE 'requested' END,
      ${at('expert_pending')}, coalesce(${at('expert_assigned')}, CASE WHEN status = 'cancelled' THEN changed_at END)
    FROM bench_plan WHERE expert IS NOT NULL`);
  // The audit step of finished dossiers that had one: a 25-day SLA (late for the longest audits).
  await run(sql`INSERT INTO dossier_steps (id, dossier_id, step_key, position, dossier_status, acting_role, state,
      entered_at, completed_at, sla_ms, sla_unit, consumed_ms)
    SELECT gen_random_uuid(), pg_temp.bid(${kinds.dossier}, j), 'audit', 7, 'audit_in_progress', 'expert', 'completed',
      ${at('audit_in_progress')}, ${at('audit_proposed')}, 25 * 86400000::bigint, 'days',
      extract(epoch FROM ${at('audit_proposed')} - ${at('audit_in_progress')})::bigint * 1000
    FROM bench_plan WHERE ${has('audit_proposed')} AND status IN ('closed', 'refused', 'refunded')`);
}
