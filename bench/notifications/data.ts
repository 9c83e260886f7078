import { sql } from 'kysely';
import { dossierStatuses } from '../../common/dossier-lifecycle.ts';
import { regions } from '../../common/reference.ts';
import { migrate } from '../../server/db/migrate.ts';
import type { Db } from '../../server/db/pool.ts';
import { seedProducts } from '../../server/db/seed/catalog.ts';
import { productDefinitions } from '../../server/db/seed/products.ts';
import { firstNames, lastNames } from '../../server/db/seed/vocabulary.ts';
import { createBenchFunctions, dropUndelivered } from '../support.ts';
import type { Scale } from './scale.ts';

/** The connected people: a client and an expert per direct conversation (the messaging floor's pairs). */
export type Cast = { conversationId: string; clientId: string; expertId: string }[];

const ADMINS = 5;

/** How the users split: a few admins, 30 % experts (at least one per pair), the rest clients with a company each. */
export function population(scale: Scale) {
  const experts = Math.max(scale.sockets / 2, Math.floor(scale.users * 0.3));
  return { admins: ADMINS, experts, clients: scale.users - experts - ADMINS };
}

/** The users (and their companies, profiles, dossiers, preferences, conversations), generated once per scale. */
export async function ensureData(
  url: string,
  db: Db,
  scale: Scale,
): Promise<{ cast: Cast; adminId: string }> {
  await migrate(url);
  const users = await sql<{ n: number }>`SELECT count(*)::int AS n FROM users`.execute(db);
  const existing = users.rows[0]!.n;
  if (existing === scale.users) {
    console.log(`Reusing ${existing} users, plus the notifications earlier runs left.`);
    await dropUndelivered(db);
  } else {
    if (existing > 0) throw new Error('The bench database holds another data set: drop it first.');
    await generate(db, scale);
  }
  const cast = await sql<{ conversationId: string; clientId: string; expertId: string }>`
    SELECT c.id AS "conversationId",
           (SELECT user_id FROM conversation_participants WHERE conversation_id = c.id AND role = 'client') AS "clientId",
           (SELECT user_id FROM conversation_participants WHERE conversation_id = c.id AND role = 'expert') AS "expertId"
    FROM conversations c ORDER BY c.id LIMIT ${scale.sockets / 2}`.execute(db);
  if (cast.rows.length !== scale.sockets / 2)
    throw new Error('The bench database has fewer pairs: drop it first.');
  const admin = await sql<{
    id: string;
  }>`SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1`.execute(db);
  return { cast: cast.rows, adminId: admin.rows[0]!.id };
}

/**
 * Set-based, in one transaction: INSERT … SELECT over generate_series with hash-derived values (a scale always gives
 * the same data). Clients in every region, a third with a dossier at any status; experts with one to three regions
 * and products, some assigned to those dossiers; 5 % of the users with their own preferences (announcement e-mails
 * off, or quiet hours at night); one direct conversation per connected pair.
 */
async function generate(db: Db, scale: Scale) {
  const started = Date.now();
  const { experts, clients } = population(scale);
  console.log(`Generating ${scale.users} users (${clients} clients, ${experts} experts, ${ADMINS} admins)…`);
  await seedProducts(db);
  const products = productDefinitions.map((p) => p.code);
  await db.transaction().execute(async (trx) => {
    const run = (query: ReturnType<typeof sql>) => query.execute(trx);
    await run(sql`CREATE TEMP TABLE bench_param ON COMMIT DROP AS SELECT
      ${sql.val(firstNames)}::text[] AS first_names, ${sql.val(lastNames)}::text[] AS last_names,
      ${sql.val(products)}::text[] AS products, ${sql.val([...regions])}::text[] AS regions,
      ${sql.val([...dossierStatuses])}::text[] AS statuses`);
    await createBenchFunctions(trx);

    await run(sql`INSERT INTO companies (id, name, siren, sector, size, region)
      SELECT pg_temp.bid(2, i), 'Entreprise banc ' || i, lpad((100000000 + i)::text, 9, '0'), 'transport_routier',
        '10-49', regions[1 + pg_temp.h(i, 1) % cardinality(regions)]
      FROM generate_series(1, ${clients}::bigint) i, bench_param`);
    const person = (kind: number, role: string, count: number, company: boolean) => sql`
      INSERT INTO users (id, email, password_hash, role, status, first_name, last_name, company_id, locale)
      SELECT pg_temp.bid(${kind}, i), 'bench.' || ${role} || i || '@bench.test', 'not-a-login', ${role}, 'active',
        first_names[1 + pg_temp.h(i, 2) % cardinality(first_names)],
        last_names[1 + pg_temp.h(i, 3) % cardinality(last_names)],
        ${company ? sql`pg_temp.bid(2, i)` : sql`NULL::uuid`},
        CASE WHEN pg_temp.h(i, 4) % 5 = 0 THEN 'en' ELSE 'fr' END
      FROM generate_series(1, ${count}::bigint) i, bench_param`;
    await run(person(1, 'client', clients, true));
    await run(person(3, 'expert', experts, false));
    await run(person(4, 'admin', ADMINS, false));
    await run(sql`INSERT INTO expert_profiles (user_id, specialties, regions, languages, bio)
      SELECT pg_temp.bid(3, i),
        ARRAY(SELECT DISTINCT products[1 + pg_temp.h(i, 10 + j) % cardinality(products)]
              FROM generate_series(0, (pg_temp.h(i, 5) % 3)::int) j),
        ARRAY(SELECT DISTINCT regions[1 + pg_temp.h(i, 20 + j) % cardinality(regions)]
              FROM generate_series(0, (pg_temp.h(i, 6) % 3)::int) j),
        ARRAY['fr'], ''
      FROM generate_series(1, ${experts}::bigint) i, bench_param`);
    // Dossiers past expert_pending get an expert (any: the bench does not check who handles what).
    await run(sql`INSERT INTO dossiers (id, company_id, product_code, status, expert_id, estimated_cents, created_by,
        status_changed_at, created_at, updated_at)
      SELECT pg_temp.bid(5, i), pg_temp.bid(2, i), products[1 + pg_temp.h(i, 30) % cardinality(products)], x.status,
        CASE WHEN array_position(statuses, x.status) > array_position(statuses, 'expert_pending')
          THEN pg_temp.bid(3, 1 + pg_temp.h(i, 31) % ${experts}) END,
        1000000, pg_temp.bid(1, i), now(), now(), now()
      FROM generate_series(1, ${clients}::bigint) i, bench_param,
      LATERAL (SELECT statuses[1 + pg_temp.h(i, 32) % cardinality(statuses)] AS status) x
      WHERE pg_temp.h(i, 33) % 3 = 0`);
    await run(sql`INSERT INTO notification_settings (user_id, channels, quiet_start, quiet_end, updated_at)
      SELECT id,
        CASE WHEN pg_temp.h(n, 40) % 2 = 0 THEN '{"announcement": {"email": false}}'::jsonb ELSE '{}' END,
        CASE WHEN pg_temp.h(n, 40) % 2 = 1 THEN '22:00'::time END,
        CASE WHEN pg_temp.h(n, 40) % 2 = 1 THEN '07:00'::time END, now()
      FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM users) u
      WHERE pg_temp.h(n, 41) % 20 = 0`);
    await run(sql`INSERT INTO conversations (id, kind, direct_key, created_by, created_at)
      SELECT pg_temp.bid(6, i),  'direct',
        least(pg_temp.bid(1, i)::text, pg_temp.bid(3, i)::text) || ':' || greatest(pg_temp.bid(1, i)::text, pg_temp.bid(3, i)::text),
        pg_temp.bid(1, i), now()
      FROM generate_series(1, ${scale.sockets / 2}::bigint) i`);
    await run(sql`INSERT INTO conversation_participants (conversation_id, user_id, role, joined_at)
      SELECT pg_temp.bid(6, i), pg_temp.bid(1, i), 'client', now() FROM generate_series(1, ${scale.sockets / 2}::bigint) i
      UNION ALL
      SELECT pg_temp.bid(6, i), pg_temp.bid(3, i), 'expert', now() FROM generate_series(1, ${scale.sockets / 2}::bigint) i`);
  });
  await sql`VACUUM ANALYZE`.execute(db);
  console.log(`Generated in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}
