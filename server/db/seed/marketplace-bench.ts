import { sql } from 'kysely';
import { languages, regions } from '../../../common/reference.ts';
import { hashPassword } from '../../platform/passwords.ts';
import type { Db, Executor } from '../pool.ts';
import { seedProducts } from './catalog.ts';
import { DEMO_PASSWORD } from './demo.ts';
import { productDefinitions } from './products.ts';
import {
  certifications,
  cities,
  firstNames,
  lastNames,
  replyTexts,
  reviewTexts,
  titles,
} from './vocabulary.ts';

export type MarketplaceBenchScale = { experts: number; reviews: number };

/** Per-row triggers replaced by set-based statements during a bulk load. */
const bulkTriggers = [
  'reviews_stats ON reviews',
  'dossiers_stats ON dossiers',
  'expert_stats_copy ON expert_stats',
  'expert_profiles_words_insert ON expert_profiles',
  'expert_reco_profile_insert ON expert_profiles',
  'expert_reco_profile_update ON expert_profiles',
  'expert_reco_product_stats_insert ON expert_product_stats',
  'expert_reco_product_stats_update ON expert_product_stats',
];

/**
 * Set-based generator of a national-scale marketplace (100,000 experts, 1,000,000 reviews in a few minutes):
 * INSERT … SELECT over generate_series with hash-derived values, so a scale always yields the same data. The
 * per-row aggregate triggers are switched off during the load (in the same transaction) and the aggregates are
 * then computed set-based by `recomputeMarketplaceStats`, which gives exactly what the triggers would have.
 * Expects the catalogue (products) in place and no data of its own yet.
 */
export async function seedMarketplaceBench(
  db: Db,
  scale: MarketplaceBenchScale,
  now = new Date(),
): Promise<void> {
  await seedProducts(db);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const companies = Math.max(100, Math.ceil(scale.reviews / 10));
  const productCodes = productDefinitions.map((p) => p.code);
  const nowIso = now.toISOString();
  await db.transaction().execute(async (trx) => {
    const run = (query: ReturnType<typeof sql>) => query.execute(trx);
    for (const trigger of bulkTriggers) {
      await run(
        sql.raw(`ALTER TABLE ${trigger.split(' ON ')[1]} DISABLE TRIGGER ${trigger.split(' ON ')[0]}`),
      );
    }
    // h(i, salt): a deterministic pseudo-random non-negative integer.
    await run(sql`CREATE TEMP TABLE bench_param ON COMMIT DROP AS SELECT
      ${sql.val(firstNames)}::text[] AS first_names, ${sql.val(lastNames)}::text[] AS last_names,
      ${sql.val(titles)}::text[] AS titles, ${sql.val(certifications)}::text[] AS certifications,
      ${sql.val(productCodes)}::text[] AS products, ${sql.val(reviewTexts)}::text[] AS review_texts,
      ${sql.val(replyTexts)}::text[] AS reply_texts, ${sql.val(languages.slice(1))}::text[] AS other_languages,
      ${sql.val(cities.map((c) => c.name))}::text[] AS city_names,
      ${sql.val(cities.map((c) => c.department))}::text[] AS city_departments,
      ${sql.val(cities.map((c) => c.region))}::text[] AS city_regions,
      ${sql.val(regions.slice(0, 13))}::text[] AS regions, ${nowIso}::timestamptz AS now`);
    await run(sql`CREATE FUNCTION pg_temp.h(i bigint, salt int) RETURNS bigint IMMUTABLE LANGUAGE sql AS
      'SELECT (hashint8(i * 1000 + salt) & 2147483647)::bigint'`);
    await run(sql`CREATE FUNCTION pg_temp.bid(kind int, i bigint) RETURNS uuid IMMUTABLE LANGUAGE sql AS
      $$SELECT ('00000000-' || lpad(to_hex(kind), 4, '0') || '-7000-8000-' || lpad(to_hex(i), 12, '0'))::uuid$$`);

    // Experts: 2 % pending approval, the rest active.
    await run(sql`INSERT INTO users (id, email, password_hash, role, status, first_name, last_name, created_at, updated_at)
      SELECT pg_temp.bid(1, i), 'expert' || i || '@bench.financialtracker.fr', ${passwordHash}, 'expert',
        CASE WHEN i % 50 = 0 THEN 'pending' ELSE 'active' END,
        first_names[1 + pg_temp.h(i, 1) % cardinality(first_names)],
        last_names[1 + pg_temp.h(i, 2) % cardinality(last_names)],
        now - make_interval(days => (pg_temp.h(i, 3) % 1500)::int), now
      FROM generate_series(1, ${scale.experts}::bigint) i, bench_param`);
    await run(sql`INSERT INTO expert_profiles (user_id, specialties, regions, languages, bio, headline, city, department,
        certifications, years_by_product, years_experience, fee_model, commission_percent, day_rate_cents, capacity,
        verified, verified_at, median_response_minutes, created_at, updated_at)
      SELECT pg_temp.bid(1, i), x.specialties,
        CASE WHEN pg_temp.h(i, 5) % 10 < 3 AND regions[1 + pg_temp.h(i, 6) % 13] <> x.region
          THEN ARRAY[x.region, regions[1 + pg_temp.h(i, 6) % 13]] ELSE ARRAY[x.region] END,
        CASE WHEN pg_temp.h(i, 7) % 10 < 4
          THEN ARRAY['fr', other_languages[1 + pg_temp.h(i, 8) % cardinality(other_languages)]] ELSE ARRAY['fr'] END,
        x.title || ', ' || x.years || ' ans d''expérience en ' || array_to_string(x.specialties, ', ')
          || '. Accompagne les PME et ETI de ' || x.city || ' et de sa région dans leurs démarches de récupération.',
        x.title || ' · ' || array_to_string(x.specialties, ', '), x.city, x.department,
        CASE WHEN pg_temp.h(i, 9) % 3 = 0 THEN ARRAY[certifications[1 + pg_temp.h(i, 10) % cardinality(certifications)]]
          ELSE '{}' END,
        (SELECT jsonb_object_agg(s, 1 + pg_temp.h(i, 11) % x.years) FROM unnest(x.specialties) s),
        x.years,
        CASE WHEN x.day_rate THEN 'day_rate' ELSE 'commission' END,
        CASE WHEN x.day_rate THEN NULL ELSE 15 + pg_temp.h(i, 12) % 21 END,
        CASE WHEN x.day_rate THEN (6 + pg_temp.h(i, 13) % 10) * 10000 END,
        3 + pg_temp.h(i, 14) % 18,
        pg_temp.h(i, 15) % 10 < 3, CASE WHEN pg_temp.h(i, 15) % 10 < 3 THEN now END,
        CASE WHEN pg_temp.h(i, 16) % 10 = 0 THEN NULL ELSE 5 + pg_temp.h(i, 17) % 2000 END,
        now, now
      FROM generate_series(1, ${scale.experts}::bigint) i, bench_param,
      LATERAL (SELECT
        ARRAY(SELECT products[1 + (pg_temp.h(i, 18) + j * (1 + pg_temp.h(i, 19) % 6)) % 7]
              FROM generate_series(0, (pg_temp.h(i, 20) % 3)::int) j) AS specialties,
        city_names[1 + pg_temp.h(i, 4) % cardinality(city_names)] AS city,
        city_departments[1 + pg_temp.h(i, 4) % cardinality(city_names)] AS department,
        city_regions[1 + pg_temp.h(i, 4) % cardinality(city_names)] AS region,
        titles[1 + pg_temp.h(i, 21) % cardinality(titles)] AS title,
        (1 + pg_temp.h(i, 22) % 30)::int AS years,
        pg_temp.h(i, 23) % 100 < 15 AS day_rate) x`);

    // Client companies, one user each.
    await run(sql`INSERT INTO companies (id, name, siren, sector, size, region, created_at)
      SELECT pg_temp.bid(2, i), 'Entreprise ' || i, lpad((100000000 + i)::text, 9, '0'), 'transport_routier', '10-49',
        regions[1 + pg_temp.h(i, 30) % 13], now
      FROM generate_series(1, ${companies}::bigint) i, bench_param`);
    await run(sql`INSERT INTO users (id, email, password_hash, role, status, first_name, last_name, company_id, created_at, updated_at)
      SELECT pg_temp.bid(3, i), 'client' || i || '@bench.financialtracker.fr', ${passwordHash}, 'client', 'active',
        first_names[1 + pg_temp.h(i, 31) % cardinality(first_names)],
        last_names[1 + pg_temp.h(i, 32) % cardinality(last_names)], pg_temp.bid(2, i), now, now
      FROM generate_series(1, ${companies}::bigint) i, bench_param`);

    // One closed dossier per review (closed 80 %, refused 12 %, cancelled 8 %), with an active expert of its product;
    // then one dossier under way per expert on average, for the loads.
    await run(sql`INSERT INTO dossiers (id, company_id, product_code, status, expert_id, estimated_cents, audited_cents,
        granted_cents, obtained_cents, created_by, status_changed_at, created_at, updated_at)
      SELECT pg_temp.bid(4, i), pg_temp.bid(2, 1 + i % ${companies}), p.specialties[1 + pg_temp.h(i, 41) % cardinality(p.specialties)],
        x.status, p.user_id, x.amount, x.amount,
        CASE WHEN x.status = 'closed' THEN x.amount * 9 / 10 WHEN x.status = 'refused' THEN 0 END,
        CASE WHEN x.status = 'closed' THEN x.amount * 9 / 10 END,
        pg_temp.bid(3, 1 + i % ${companies}), x.at, x.at - interval '90 days', x.at
      FROM generate_series(1, ${scale.reviews}::bigint) i
      CROSS JOIN LATERAL (SELECT pg_temp.bid(1, CASE WHEN e % 50 = 0 THEN e + 1 ELSE e END) AS expert
                          FROM (SELECT 1 + pg_temp.h(i, 40) % (${scale.experts} - 1) AS e) s) pick
      JOIN expert_profiles p ON p.user_id = pick.expert
      CROSS JOIN LATERAL (SELECT
        CASE WHEN pg_temp.h(i, 42) % 100 < 80 THEN 'closed' WHEN pg_temp.h(i, 42) % 100 < 92 THEN 'refused'
             ELSE 'cancelled' END AS status,
        (2000 + pg_temp.h(i, 43) % 90000) * 100 AS amount,
        ${nowIso}::timestamptz - make_interval(mins => (pg_temp.h(i, 44) % (3 * 365 * 1440))::int) AS at) x`);
    await run(sql`INSERT INTO dossiers (id, company_id, product_code, status, expert_id, estimated_cents, created_by,
        status_changed_at, created_at, updated_at)
      SELECT pg_temp.bid(5, i), pg_temp.bid(2, 1 + i % ${companies}), p.specialties[1], 
        (ARRAY['expert_assigned', 'documents_pending', 'audit_in_progress', 'audit_proposed', 'submitted'])[1 + pg_temp.h(i, 50) % 5],
        p.user_id, 1000000, pg_temp.bid(3, 1 + i % ${companies}), b.now, b.now, b.now
      FROM bench_param b, generate_series(1, ${scale.experts}::bigint) i
      JOIN expert_profiles p ON p.user_id = pg_temp.bid(1, CASE WHEN i % 50 = 0 THEN i - 1 ELSE i END)
      WHERE pg_temp.h(i, 51) % 3 > 0
      -- One open dossier per company and product (008): with more experts than companies, a second is skipped.
      ON CONFLICT DO NOTHING`);

    // Reviews: mostly good, 1 % hidden by moderation, 25 % answered; ids time-ordered like UUID v7.
    await run(sql`INSERT INTO reviews (id, dossier_id, expert_id, company_id, author_id, rating, communication, expertise,
        speed, text, reply, replied_at, hidden, hidden_reason, hidden_at, created_at, updated_at)
      SELECT (substr(t.h, 1, 8) || '-' || substr(t.h, 9, 4) || '-7' || substr(t.r, 1, 3) || '-8' || substr(t.r, 4, 3)
                || '-' || substr(t.r, 7, 12))::uuid,
        d.id, d.expert_id, d.company_id, d.created_by, x.rating,
        least(5, greatest(1, x.rating + (pg_temp.h(x.i, 61) % 3)::int - 1)),
        least(5, greatest(1, x.rating + (pg_temp.h(x.i, 62) % 3)::int - 1)),
        least(5, greatest(1, x.rating + (pg_temp.h(x.i, 63) % 3)::int - 1)),
        review_texts[1 + pg_temp.h(x.i, 64) % cardinality(review_texts)],
        CASE WHEN pg_temp.h(x.i, 65) % 4 = 0 THEN reply_texts[1 + pg_temp.h(x.i, 66) % cardinality(reply_texts)] END,
        CASE WHEN pg_temp.h(x.i, 65) % 4 = 0 THEN x.at + interval '1 day' END,
        pg_temp.h(x.i, 67) % 100 = 0, CASE WHEN pg_temp.h(x.i, 67) % 100 = 0 THEN 'Propos hors sujet' END,
        CASE WHEN pg_temp.h(x.i, 67) % 100 = 0 THEN x.at + interval '2 days' END, x.at, x.at
      FROM dossiers d, bench_param
      CROSS JOIN LATERAL (SELECT ('x' || substr(d.id::text, 25))::bit(48)::bigint AS i,
        d.status_changed_at + interval '2 days' AS at,
        CASE WHEN d.status = 'closed' THEN (ARRAY[5, 5, 5, 5, 4, 4, 4, 3, 2, 1])[1 + pg_temp.h(('x' || substr(d.id::text, 25))::bit(48)::bigint, 60) % 10]
             ELSE (ARRAY[5, 4, 3, 3, 2, 2, 1])[1 + pg_temp.h(('x' || substr(d.id::text, 25))::bit(48)::bigint, 60) % 7] END AS rating) x
      CROSS JOIN LATERAL (SELECT lpad(to_hex((extract(epoch FROM x.at) * 1000)::bigint), 12, '0') AS h,
        md5(x.i::text) AS r) t
      WHERE d.id BETWEEN pg_temp.bid(4, 1) AND pg_temp.bid(4, ${scale.reviews}::bigint)`);

    // The typo dictionary: the words of listed profiles, each with how many hold it (see 009_domain_rules.sql).
    await run(sql`INSERT INTO search_words AS s (word, profiles)
      SELECT w, count(*) FROM expert_profiles, unnest(expert_profile_words(search_text, bio)) w
      WHERE listed
      GROUP BY w
      ON CONFLICT (word) DO UPDATE SET profiles = s.profiles + EXCLUDED.profiles`);
    await recomputeMarketplaceStats(trx);
    // The dashboard's deferred flush (019_dashboard_metrics.sql) runs now rather than at commit: a table with
    // trigger events still pending cannot be altered.
    await run(sql`SET CONSTRAINTS ALL IMMEDIATE`);
    for (const trigger of bulkTriggers) {
      await run(
        sql.raw(`ALTER TABLE ${trigger.split(' ON ')[1]} ENABLE TRIGGER ${trigger.split(' ON ')[0]}`),
      );
    }
  });
  await sql`ANALYZE`.execute(db);
}

/** Recomputes every marketplace aggregate from the reviews and dossiers (after a bulk load, or to audit the triggers). */
export async function recomputeMarketplaceStats(db: Executor): Promise<void> {
  await sql`INSERT INTO expert_stats (expert_id) SELECT user_id FROM expert_profiles ON CONFLICT DO NOTHING`.execute(
    db,
  );
  await sql`UPDATE expert_stats s SET review_count = coalesce(r.n, 0), rating_sum = coalesce(r.rating_sum, 0),
      stars1 = coalesce(r.s1, 0), stars2 = coalesce(r.s2, 0), stars3 = coalesce(r.s3, 0), stars4 = coalesce(r.s4, 0),
      stars5 = coalesce(r.s5, 0), communication_sum = coalesce(r.c, 0), expertise_sum = coalesce(r.e, 0),
      speed_sum = coalesce(r.sp, 0),
      completed_dossiers = coalesce(d.completed, 0), refused_dossiers = coalesce(d.refused, 0),
      recovered_cents = coalesce(d.recovered, 0), active_load = coalesce(d.active, 0)
    FROM expert_stats s2
    LEFT JOIN (SELECT expert_id, count(*) AS n, sum(rating) AS rating_sum,
        count(*) FILTER (WHERE rating = 1) AS s1, count(*) FILTER (WHERE rating = 2) AS s2,
        count(*) FILTER (WHERE rating = 3) AS s3, count(*) FILTER (WHERE rating = 4) AS s4,
        count(*) FILTER (WHERE rating = 5) AS s5,
        sum(communication) AS c, sum(expertise) AS e, sum(speed) AS sp
      FROM reviews WHERE NOT hidden GROUP BY expert_id) r ON r.expert_id = s2.expert_id
    LEFT JOIN (SELECT expert_id,
        count(*) FILTER (WHERE status IN ('refunded', 'closed')) AS completed,
        count(*) FILTER (WHERE status = 'refused') AS refused,
        sum(obtained_cents) FILTER (WHERE status IN ('refunded', 'closed')) AS recovered,
        count(*) FILTER (WHERE status IN ('expert_assigned', 'documents_pending', 'audit_in_progress', 'audit_proposed',
          'submitted', 'administration_decided')) AS active
      FROM dossiers WHERE expert_id IS NOT NULL GROUP BY expert_id) d ON d.expert_id = s2.expert_id
    WHERE s.expert_id = s2.expert_id`.execute(db);
  await sql`DELETE FROM expert_product_stats`.execute(db);
  await sql`INSERT INTO expert_product_stats (expert_id, product_code, completed_dossiers, refused_dossiers, recovered_cents)
    SELECT expert_id, product_code,
      count(*) FILTER (WHERE status IN ('refunded', 'closed')), count(*) FILTER (WHERE status = 'refused'),
      coalesce(sum(obtained_cents) FILTER (WHERE status IN ('refunded', 'closed')), 0)
    FROM dossiers WHERE expert_id IS NOT NULL AND status IN ('refunded', 'closed', 'refused')
    GROUP BY expert_id, product_code`.execute(db);
  await sql`UPDATE expert_profiles p SET review_count = s.review_count,
      rating_avg = CASE WHEN s.review_count > 0 THEN round(s.rating_sum::numeric / s.review_count, 2) END,
      rating_score = round((s.rating_sum + 40.0) / (s.review_count + 10), 5), active_load = s.active_load
    FROM expert_stats s WHERE s.expert_id = p.user_id
      AND (p.review_count, p.rating_avg, p.rating_score, p.active_load) IS DISTINCT FROM
          (s.review_count, CASE WHEN s.review_count > 0 THEN round(s.rating_sum::numeric / s.review_count, 2) END,
           round((s.rating_sum + 40.0) / (s.review_count + 10), 5), s.active_load)`.execute(db);
  await sql`DELETE FROM expert_reco_scores`.execute(db);
  await sql`INSERT INTO expert_reco_scores (product_code, region, expert_id, static_score)
    SELECT product_code, region, expert_id, static_score FROM expert_reco_static_scores
    ON CONFLICT DO NOTHING`.execute(db);
}
