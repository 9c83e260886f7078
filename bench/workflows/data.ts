/**
 * The workflows benchmark's data set, generated once per scale and kept: companies with one client each, two
 * dossiers a company (distinct products), experts, a few admins; every dossier in progress at a step of its
 * product's current template (the defaults), with its `dossier_workflows` row, a completed row for each earlier step
 * and its open step (a third of the open validation steps handed to their validator). The open steps' SLA clocks are
 * not set here: each run plants them around its own time (plant.ts). Set-based SQL with hash-derived values.
 */
import { sql } from 'kysely';
import { mainPath } from '../../common/dossier-lifecycle.ts';
import { regions } from '../../common/reference.ts';
import type { Db } from '../../server/db/pool.ts';
import { seedProducts } from '../../server/db/seed/catalog.ts';
import { companyPlaces, companyWords, firstNames, lastNames } from '../../server/db/seed/vocabulary.ts';
import { ProductsService } from '../../server/modules/products/products.service.ts';
import { WorkflowTemplatesService } from '../../server/modules/workflows/workflow-templates.service.ts';
import { systemClock } from '../../server/platform/clock.ts';
import { createBenchFunctions, ensureBenchData, insertBenchPeople } from '../support.ts';

export type WorkflowsScale = { dossiers: number; companies: number; experts: number; admins: number };

/** `--dossiers N` (default 200,000; `BENCH_QUICK=1`: 4,000): two dossiers a company, an expert per 200 dossiers. */
export function scaleFromArgs(argv = process.argv): WorkflowsScale {
  const at = argv.indexOf('--dossiers');
  const fallback = process.env.BENCH_QUICK === '1' ? 4_000 : 200_000;
  const dossiers = at >= 0 ? Number(argv[at + 1]) : fallback;
  if (!Number.isInteger(dossiers) || dossiers < 200 || dossiers % 2 !== 0)
    throw new Error('--dossiers takes an even whole number ≥ 200');
  return { dossiers, companies: dossiers / 2, experts: Math.max(2, dossiers / 200), admins: 3 };
}

export function ensureData(
  url: string,
  db: Db,
  scale: WorkflowsScale,
): Promise<{ generatedSeconds: number }> {
  return ensureBenchData(url, db, {
    meta: 'bench_workflows_meta',
    dossiers: scale.dossiers,
    noun: 'dossiers in progress',
    truncate: 'companies, users, workflow_templates',
    announce: `Generating ${scale.dossiers} dossiers in progress (${scale.companies} companies, ${scale.experts} experts)…`,
    generate: async () => {
      await seedProducts(db);
      await new WorkflowTemplatesService({
        db,
        clock: systemClock,
        products: new ProductsService({ db }),
      }).ensureDefaults();
      await generateRows(db, scale);
      // The dossiers' insert ran their experts' aggregate triggers once a row, in one transaction: 100 profiles
      // rewritten 13,000 times left `expert_profiles` at 15 MB and a move to `refunded` at 1.8 ms instead of 1.0.
      // Compacted, as a restore would leave them.
      await sql`VACUUM FULL expert_profiles, expert_stats, expert_product_stats, expert_reco_scores`.execute(
        db,
      );
    },
  });
}

const rank = (status: string) => sql`array_position(${sql.val([...mainPath])}::text[], ${sql.raw(status)})`;

async function generateRows(db: Db, scale: WorkflowsScale) {
  await db.transaction().execute(async (trx) => {
    const run = (query: ReturnType<typeof sql>) => query.execute(trx);
    await createBenchFunctions(trx);
    await run(sql`CREATE TEMP TABLE bench_param ON COMMIT DROP AS SELECT
      ${sql.val(firstNames)}::text[] AS first_names, ${sql.val(lastNames)}::text[] AS last_names,
      ${sql.val(companyWords)}::text[] AS company_words, ${sql.val(companyPlaces)}::text[] AS company_places,
      ${sql.val([...regions])}::text[] AS regions,
      (SELECT array_agg(code ORDER BY code) FROM products) AS products`);
    // The steps of each product's current template, in order.
    await run(sql`CREATE TEMP TABLE bench_steps ON COMMIT DROP AS
      SELECT t.product_code AS product, t.id AS template_id, (e.n - 1)::int AS position, e.step ->> 'key' AS key,
        e.step ->> 'status' AS status, e.step ->> 'role' AS role, e.step -> 'validation' <> 'null' AS validated,
        (e.step -> 'sla' ->> 'amount')::int * CASE WHEN e.step -> 'sla' ->> 'unit' IN ('hours', 'business_hours')
          THEN 3600000 ELSE 86400000 END AS sla_ms,
        e.step -> 'sla' ->> 'unit' AS sla_unit,
        count(*) OVER (PARTITION BY t.product_code) AS steps
      FROM (SELECT DISTINCT ON (product_code) * FROM workflow_templates ORDER BY product_code, version DESC) t,
        jsonb_array_elements(t.steps) WITH ORDINALITY e(step, n)`);
    await run(sql`CREATE INDEX ON bench_steps (product, position)`);

    await insertBenchPeople(trx, scale, 500_000_000);
    await run(sql`INSERT INTO expert_profiles (user_id, specialties, regions, languages, bio)
      SELECT pg_temp.bid(3, i), products, ARRAY[regions[1 + pg_temp.h(i, 7) % cardinality(regions)]], ARRAY['fr'], ''
      FROM generate_series(1, ${scale.experts}::bigint) i, bench_param`);

    // Dossier j: company 1 + (j - 1) % companies, its k-th (products differ), at an evenly spread step position.
    await run(sql`CREATE TEMP TABLE bench_dossiers ON COMMIT DROP AS
      SELECT j, x.c, s.*, now() - interval '60 days' - (pg_temp.h(j, 11) % 120) * interval '1 day' AS created_at
      FROM generate_series(1, ${scale.dossiers}::bigint) j, bench_param,
      LATERAL (SELECT 1 + (j - 1) % ${scale.companies} AS c, (j - 1) / ${scale.companies} AS k) x,
      LATERAL (SELECT products[1 + (x.c + x.k) % cardinality(products)] AS product) p, bench_steps s
      WHERE s.product = p.product AND s.position = pg_temp.h(j, 10) % s.steps`);
    // From expert_pending on, the dossier has its expert; amounts as far as the dossier went.
    await run(sql`INSERT INTO dossiers (id, company_id, product_code, status, expert_id, estimated_cents, audited_cents,
        granted_cents, administration_reference, obtained_cents, created_by, status_changed_at, created_at, updated_at)
      SELECT pg_temp.bid(5, j), pg_temp.bid(2, c), product, status,
        CASE WHEN ${rank('status')} >= ${rank("'expert_pending'")}
          THEN pg_temp.bid(3, 1 + pg_temp.h(j, 12) % ${scale.experts}) END,
        100000 * (10 + pg_temp.h(j, 13) % 900),
        CASE WHEN ${rank('status')} >= ${rank("'audit_proposed'")} THEN 90000 * (10 + pg_temp.h(j, 13) % 900) END,
        CASE WHEN ${rank('status')} >= ${rank("'administration_decided'")}
          THEN 80000 * (10 + pg_temp.h(j, 13) % 900) END,
        CASE WHEN ${rank('status')} >= ${rank("'submitted'")} THEN 'ADM-' || j END,
        CASE WHEN ${rank('status')} >= ${rank("'refunded'")} THEN 80000 * (10 + pg_temp.h(j, 13) % 900) END,
        pg_temp.bid(1, c), created_at + position * interval '2 days', created_at, created_at + position * interval '2 days'
      FROM bench_dossiers`);
    await run(sql`INSERT INTO dossier_workflows (dossier_id, template_id, current_step_id, created_at, updated_at)
      SELECT pg_temp.bid(5, j), template_id, pg_temp.bid(9, j), created_at, created_at FROM bench_dossiers`);
    // The steps done before: a completed row each, two days apart.
    await run(sql`INSERT INTO dossier_steps (id, dossier_id, step_key, position, dossier_status, acting_role, state,
        entered_at, completed_at, sla_ms, sla_unit, consumed_ms)
      SELECT pg_temp.bid(10, d.j * 64 + s.position), pg_temp.bid(5, d.j), s.key, s.position, s.status, s.role,
        'completed', d.created_at + s.position * interval '2 days',
        d.created_at + s.position * interval '2 days' + interval '30 hours', s.sla_ms, s.sla_unit,
        CASE WHEN s.sla_ms IS NOT NULL THEN 30 * 3600000 ELSE 0 END
      FROM bench_dossiers d JOIN bench_steps s ON s.product = d.product AND s.position < d.position`);
    // The open step (its clock is planted by each run).
    await run(sql`INSERT INTO dossier_steps (id, dossier_id, step_key, position, dossier_status, acting_role, state,
        entered_at, submitted_at, sla_ms, sla_unit)
      SELECT pg_temp.bid(9, j), pg_temp.bid(5, j), key, position, status, role,
        CASE WHEN validated AND pg_temp.h(j, 14) % 3 = 0 THEN 'awaiting_validation' ELSE 'active' END,
        now(), CASE WHEN validated AND pg_temp.h(j, 14) % 3 = 0 THEN now() END, sla_ms, sla_unit
      FROM bench_dossiers`);
  });
}
