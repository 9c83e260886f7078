import { type RawBuilder, sql, type Updateable } from 'kysely';
import type { ExpertSort } from '../../../common/experts.ts';
import { type Executor, prepared } from '../../db/pool.ts';
import type { Database } from '../../db/schema.ts';

/**
 * Free text as accent-folded, lower-case words. A prefix word matches every word it starts (a word still being
 * typed); the others match their French stem exactly, which the index finds at once even for a word that tens of
 * thousands of profiles hold (a prefix is expanded to every indexed word it starts, all read in full).
 */
export type SearchText = { words: string[]; prefix: boolean[] };

/** What search filters on. */
export type SearchFilters = {
  text?: SearchText;
  /** Index tags of the threshold filters, resolved by `resolveTags` (the thresholds themselves stay below). */
  tags?: string[];
  products?: string[];
  region?: string;
  department?: string;
  language?: string;
  minRating?: number;
  maxCommission?: number;
  maxDayRate?: number;
  available?: boolean;
  minYears?: number;
  verified?: boolean;
};

/** A sort: its key expressions (all in one direction, the expert id last) and that direction. */
type SortSpec = { keys: RawBuilder<unknown>[]; direction: 'asc' | 'desc' };

/**
 * All the words (French stemming; prefixes as such), restricted to the fields of the given weights: A = name,
 * specialties and product names; B = headline, certifications, city; C = bio. '' = any field.
 */
const tsquery = (text: SearchText, weights: '' | 'A' | 'AB') =>
  sql`to_tsquery('french', ${text.words
    .map((w, i) => (text.prefix[i] ? `${w}:*${weights}` : weights ? `${w}:${weights}` : w))
    .join(' & ')})`;

/**
 * Relevance tiers: 3 when the words are found in the name or specialties, 2 in the headline, certifications or city,
 * 1 in the bio; the Bayesian rating orders each tier. Each tier reads in rating order through an index and stops at
 * the page size, instead of ranking every match (a common word matches tens of thousands of experts).
 */
const tiers = [
  { tier: 3, weights: 'A', above: null },
  { tier: 2, weights: 'AB', above: 'A' },
  { tier: 1, weights: '', above: 'AB' },
] as const;

export function sortSpec(sort: ExpertSort, f: SearchFilters): SortSpec {
  switch (sort) {
    case 'relevance':
      if (!f.text) return sortSpec('rating', f);
      return { keys: [sql`p.tier`, sql`p.rating_score`, sql`p.user_id`], direction: 'desc' };
    case 'rating':
      return { keys: [sql`p.rating_score`, sql`p.user_id`], direction: 'desc' };
    case 'experience':
      return { keys: [sql`p.years_experience`, sql`p.user_id`], direction: 'desc' };
    case 'fee':
      return { keys: [sql`p.fee_sort`, sql`p.user_id`], direction: 'asc' };
    case 'response':
      return { keys: [sql`p.response_sort`, sql`p.user_id`], direction: 'asc' };
  }
}

/**
 * The conditions an index can find (text, products, region, department, language, threshold tags). `viaIndex` false
 * words them as plain function calls, which no index matches: the planner then walks the sort index as planned,
 * instead of building bitmaps of every candidate from an estimate of how many there are (GIN estimates are often far
 * off).
 */
function indexedConditions(f: SearchFilters, viaIndex = true): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [sql`p.listed`];
  if (f.text) where.push(textMatch(f.text, '', viaIndex));
  if (f.products?.length) {
    const products = sql`${sql.val(f.products)}::text[]`;
    where.push(viaIndex ? sql`p.specialties && ${products}` : sql`arrayoverlap(p.specialties, ${products})`);
  }
  if (f.region) where.push(arrayHas(sql`p.regions`, f.region, viaIndex));
  if (f.department) where.push(sql`p.department = ${f.department}`);
  if (f.language) where.push(arrayHas(sql`p.languages`, f.language, viaIndex));
  // Tags only narrow what the index reads (the exact values are checked row by row): a walk needs none.
  if (viaIndex && f.tags?.length) where.push(sql`p.filter_tags @> ${sql.val(f.tags)}::text[]`);
  return where;
}

/** Tags that most profiles carry cost the index more to intersect than they save in rows: left to the row checks. */
const SELECTIVE_TAG_SHARE = 0.5;

/** The index tags implied by the threshold filters (see 005_search_filter_tags.sql), as SQL to evaluate. */
function thresholdTags(f: SearchFilters): RawBuilder<unknown>[] {
  const tags: RawBuilder<unknown>[] = [];
  const nearest = (kind: string, value: number) => sql`expert_filter_tag(${kind}, ${value})`;
  if (f.minRating !== undefined) tags.push(nearest('rating', f.minRating));
  if (f.minYears !== undefined) tags.push(nearest('years', f.minYears));
  // Both fee limits: either may hold, which no single tag says.
  if (f.maxCommission !== undefined && f.maxDayRate === undefined) {
    tags.push(nearest('commission', f.maxCommission));
  }
  if (f.maxDayRate !== undefined && f.maxCommission === undefined)
    tags.push(nearest('day_rate', f.maxDayRate));
  if (f.verified) tags.push(sql`'verified'`);
  if (f.available) tags.push(sql`'available'`);
  return tags;
}

const arrayHas = (column: RawBuilder<unknown>, value: string, viaIndex: boolean) =>
  viaIndex
    ? sql`${column} @> ARRAY[${value}]::text[]`
    : sql`arraycontains(${column}, ARRAY[${value}]::text[])`;

const textMatch = (text: SearchText, weights: '' | 'A' | 'AB', viaIndex: boolean) =>
  viaIndex
    ? sql`p.search_document @@ ${tsquery(text, weights)}`
    : sql`ts_match_vq(p.search_document, ${tsquery(text, weights)})`;

/** The conditions checked row by row (rating, fee, availability, experience, verified). */
function residualConditions(f: SearchFilters): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  if (f.minRating !== undefined) where.push(sql`p.rating_avg >= ${f.minRating}`);
  if (f.maxCommission !== undefined && f.maxDayRate !== undefined) {
    where.push(sql`(p.commission_percent <= ${f.maxCommission} OR p.day_rate_cents <= ${f.maxDayRate})`);
  } else if (f.maxCommission !== undefined) {
    where.push(sql`p.commission_percent <= ${f.maxCommission}`);
  } else if (f.maxDayRate !== undefined) {
    where.push(sql`p.day_rate_cents <= ${f.maxDayRate}`);
  }
  if (f.available) where.push(sql`p.active_load < p.capacity`);
  if (f.minYears !== undefined) where.push(sql`p.years_experience >= ${f.minYears}`);
  if (f.verified) where.push(sql`p.verified`);
  return where;
}

function conditions(f: SearchFilters, viaIndex = true): RawBuilder<unknown>[] {
  return [...indexedConditions(f, viaIndex), ...residualConditions(f)];
}

export type CardRow = {
  id: string;
  firstName: string;
  lastName: string;
  avatarUrl: string | null;
  headline: string;
  city: string;
  department: string | null;
  specialties: string[];
  regions: string[];
  languages: string[];
  verified: boolean;
  ratingAvg: string | null;
  reviewCount: number;
  ratingScore: string;
  feeModel: 'commission' | 'day_rate';
  commissionPercent: string | null;
  dayRateCents: number | null;
  yearsExperience: number;
  capacity: number;
  activeLoad: number;
  medianResponseMinutes: number | null;
  completedDossiers: number;
};

const cardColumns = sql`p.user_id AS id, u.first_name, u.last_name, p.avatar_url, p.headline, p.city, p.department,
  p.specialties, p.regions, p.languages, p.verified, p.rating_avg, p.review_count, p.rating_score, p.fee_model,
  p.commission_percent, p.day_rate_cents, p.years_experience, p.capacity, p.active_load,
  p.median_response_minutes, coalesce(s.completed_dossiers, 0) AS completed_dossiers`;

export type SearchRow = CardRow & { sortKey: unknown[] };
export type FacetRow = { facet: string; value: string; count: number };

export type ProfileRow = CardRow & {
  bio: string;
  certifications: string[];
  yearsByProduct: Record<string, number>;
  verifiedAt: Date | null;
  listed: boolean;
  stars1: number;
  stars2: number;
  stars3: number;
  stars4: number;
  stars5: number;
  communicationSum: number;
  expertiseSum: number;
  speedSum: number;
  refusedDossiers: number;
  recoveredCents: number;
};

export type RecommendationRow = CardRow & {
  score: string;
  yearsOnProduct: number;
  regionMatch: boolean;
  languageMatch: boolean;
  productCompleted: number;
  productRefused: number;
};

export type ReviewRow = {
  id: string;
  expertId: string;
  dossierId: string;
  productCode: string;
  rating: number;
  communication: number;
  expertise: number;
  speed: number;
  text: string;
  authorFirstName: string;
  authorLastName: string;
  companyName: string;
  reply: string | null;
  repliedAt: Date | null;
  hidden: boolean;
  hiddenReason: string | null;
  createdAt: Date;
};

const reviewSelect = (db: Executor) =>
  db
    .selectFrom('reviews as r')
    .innerJoin('dossiers as d', 'd.id', 'r.dossierId')
    .innerJoin('users as a', 'a.id', 'r.authorId')
    .innerJoin('companies as c', 'c.id', 'r.companyId')
    .select([
      'r.id',
      'r.expertId',
      'r.dossierId',
      'd.productCode',
      'r.rating',
      'r.communication',
      'r.expertise',
      'r.speed',
      'r.text',
      'a.firstName as authorFirstName',
      'a.lastName as authorLastName',
      'c.name as companyName',
      'r.reply',
      'r.repliedAt',
      'r.hidden',
      'r.hiddenReason',
      'r.createdAt',
    ]);

/**
 * How to read a page, from the match counts the facets already computed. Few matches: fetch them all through the
 * GIN index and sort (the sort key is wrapped so that the planner cannot walk a sort index). Many matches: walk
 * the sort index and filter, which stops after a page. Walking reads about limit × N / matches rows, fetching
 * reads every candidate of the indexed conditions (each costing more): the cheaper wins. A relevance tier without
 * matches is not read.
 */
export type SearchPlan = {
  /** Profiles matching every condition. */
  matches: number;
  /** Profiles matching the indexed conditions: what fetching reads. */
  candidates: number;
  tiers: Record<1 | 2 | 3, number> | null;
  /** Profiles in all. */
  population: number;
};

/**
 * What fetching a candidate costs against walking one row: the index intersection, the visit of its heap page and
 * the sort, measured over the benchmark's queries at 100,000 experts (4 to 6 came out best; 1 cost a third more).
 */
const FETCH_ROW_COST = 4;

/** Walking a sort index reads about limit × population / matches rows; fetching reads the candidates. */
const walks = (matches: number, limit: number, plan: SearchPlan) =>
  matches > 0 && (limit * plan.population) / matches <= FETCH_ROW_COST * plan.candidates;

/** The search page query (exported for the benchmark's EXPLAIN and SQL floor). */
export function searchQuery(
  f: SearchFilters,
  sort: ExpertSort,
  after: unknown[] | null,
  limit: number,
  plan: SearchPlan | null = null,
) {
  const spec = sortSpec(sort, f);
  const dir = sql.raw(spec.direction === 'desc' ? 'DESC' : 'ASC');
  const order = spec.keys.map((_, i) => sql`${sql.raw(`k${i}`)} ${dir}`);
  const outer = (inner: RawBuilder<unknown>) => sql<CardRow & Record<string, unknown>>`
      SELECT ${cardColumns}, ${sql.join(spec.keys.map((_, i) => sql.raw(`p.k${i}`)))}
      FROM (${inner}) p
      JOIN users u ON u.id = p.user_id
      LEFT JOIN expert_stats s ON s.expert_id = p.user_id
      ORDER BY ${sql.join(order)} LIMIT ${limit}`;

  if (sort === 'relevance' && f.text) {
    const text = f.text;
    const afterTier = after ? Number(after[0]) : null;
    const nonEmpty = tiers
      .filter((t) => afterTier === null || t.tier <= afterTier)
      .filter((t) => !plan?.tiers || plan.tiers[t.tier] > 0);
    if (!nonEmpty.length) {
      return outer(
        sql`SELECT p.*, 0 AS k0, p.rating_score AS k1, p.user_id AS k2 FROM expert_profiles p WHERE false`,
      );
    }
    // Few matches in every tier: one read of them all through the word index, each row given its tier.
    if (plan?.tiers && nonEmpty.every((t) => !walks(plan.tiers?.[t.tier] ?? 0, limit, plan))) {
      const tier = sql`CASE WHEN ${textMatch(text, 'A', true)} THEN 3
        WHEN ${textMatch(text, 'AB', true)} THEN 2 ELSE 1 END`;
      const where = [...conditions({ ...f, text: undefined }), textMatch(text, '', true)];
      if (after)
        where.push(sql`(${tier}, p.rating_score, p.user_id) < (${after[0]}, ${after[1]}, ${after[2]}::uuid)`);
      return outer(sql`SELECT p.*, ${tier} AS k0, p.rating_score AS k1, p.user_id AS k2 FROM expert_profiles p
        WHERE ${sql.join(where, sql` AND `)} ORDER BY k0 DESC, k1 DESC, k2 DESC LIMIT ${limit}`);
    }
    const branches = nonEmpty.map((t) => {
      const walk = !plan?.tiers || walks(plan.tiers[t.tier], limit, plan);
      const viaIndex = !plan?.tiers || !walk;
      const where = [
        ...conditions({ ...f, text: undefined }, viaIndex),
        textMatch(text, t.weights, viaIndex),
      ];
      if (t.above) where.push(sql`NOT ${textMatch(text, t.above, true)}`);
      if (after && t.tier === afterTier) {
        where.push(sql`(p.rating_score, p.user_id) < (${after[1]}, ${after[2]}::uuid)`);
      }
      const rating = walk ? sql`p.rating_score` : sql`(p.rating_score + 0)`;
      return sql`(SELECT p.*, ${sql.lit(t.tier)} AS k0, p.rating_score AS k1, p.user_id AS k2 FROM expert_profiles p
        WHERE ${sql.join(where, sql` AND `)} ORDER BY ${rating} DESC, p.user_id DESC LIMIT ${limit})`;
    });
    return outer(sql.join(branches, sql` UNION ALL `));
  }

  const fetch = plan !== null && !walks(plan.matches, limit, plan);
  const where = conditions(f, !plan || fetch);
  if (after) {
    const op = spec.direction === 'desc' ? sql`<` : sql`>`;
    const values = spec.keys.map((_, i) =>
      i === spec.keys.length - 1 ? sql`${after[i]}::uuid` : sql`${after[i]}`,
    );
    where.push(sql`(${sql.join(spec.keys)}) ${op} (${sql.join(values)})`);
  }
  const keyColumns = spec.keys.map((k, i) => sql`${k} AS ${sql.raw(`k${i}`)}`);
  const innerOrder = spec.keys.map((k, i) => (fetch && i === 0 ? sql`(${k} + 0) ${dir}` : sql`${k} ${dir}`));
  return outer(sql`SELECT p.*, ${sql.join(keyColumns)} FROM expert_profiles p
    WHERE ${sql.join(where, sql` AND `)} ORDER BY ${sql.join(innerOrder)} LIMIT ${limit}`);
}

/** The facet counts and total of a filtered result set. */
export function facetsQuery(f: SearchFilters) {
  // Which relevance tier each match falls in: counted here, used to plan the page query.
  const tierColumns = f.text
    ? sql`${textMatch(f.text, 'A', true)} AS in_a, ${textMatch(f.text, 'AB', true)} AS in_ab`
    : sql`false AS in_a, false AS in_ab`;
  const residual = residualConditions(f);
  const ok = residual.length ? sql`(${sql.join(residual, sql` AND `)})` : sql`true`;
  return sql<FacetRow>`
      WITH c AS MATERIALIZED (
        SELECT p.specialties, p.regions, p.department, p.languages, p.rating_avg, p.verified,
               p.active_load < p.capacity AS available, ${tierColumns}, ${ok} AS ok
        FROM expert_profiles p WHERE ${sql.join(indexedConditions(f), sql` AND `)}
      ), r AS (SELECT * FROM c WHERE ok)
      SELECT 'candidates' AS facet, '' AS value, count(*)::int AS count FROM c
      UNION ALL SELECT 'total', '', count(*)::int FROM r
      UNION ALL SELECT 'tiers', '3', count(*) FILTER (WHERE in_a)::int FROM r
      UNION ALL SELECT 'tiers', '2', count(*) FILTER (WHERE in_ab AND NOT in_a)::int FROM r
      UNION ALL SELECT 'tiers', '1', count(*) FILTER (WHERE NOT in_ab)::int FROM r
      UNION ALL SELECT 'products', v, count(*)::int FROM r, unnest(r.specialties) v GROUP BY v
      UNION ALL SELECT 'regions', v, count(*)::int FROM r, unnest(r.regions) v GROUP BY v
      UNION ALL SELECT 'languages', v, count(*)::int FROM r, unnest(r.languages) v GROUP BY v
      UNION ALL SELECT 'departments', department, count(*)::int FROM r WHERE department IS NOT NULL GROUP BY department
      UNION ALL SELECT 'minRating', t::text, count(*)::int FROM r, (VALUES (4), (3), (2), (1)) AS m (t)
        WHERE r.rating_avg >= m.t GROUP BY t
      UNION ALL SELECT 'verified', verified::text, count(*)::int FROM r GROUP BY verified
      UNION ALL SELECT 'available', available::text, count(*)::int FROM r GROUP BY available`;
}

export const expertsRepo = {
  /** One page in sort order, after the keyset `after` (the sort key of the last row served). */
  async search(
    db: Executor,
    f: SearchFilters,
    sort: ExpertSort,
    after: unknown[] | null,
    limit: number,
    plan: SearchPlan | null = null,
  ) {
    const spec = sortSpec(sort, f);
    const result = await searchQuery(f, sort, after, limit, plan).execute(db);
    return result.rows.map((row) => ({
      ...row,
      sortKey: spec.keys.map((_, i) => row[`k${i}`]),
    })) as SearchRow[];
  },

  /** The total and the facet counts of the whole filtered result set. */
  async facets(db: Executor, f: SearchFilters): Promise<FacetRow[]> {
    return (await facetsQuery(f).execute(db)).rows;
  },

  /** The planner's estimate of the number of profiles: the N of the search plan. */
  async population(db: Executor): Promise<number> {
    const result = await sql<{ n: number }>`
      SELECT greatest(reltuples, 0)::int AS n FROM pg_class WHERE oid = 'expert_profiles'::regclass`.execute(
      db,
    );
    return result.rows[0]?.n ?? 0;
  },

  /** The filters as searched: words resolved (`resolveText`), index tags chosen (`resolveTags`). */
  async resolveFilters(db: Executor, f: SearchFilters): Promise<SearchFilters> {
    const [text, tags] = await Promise.all([
      f.text && expertsRepo.resolveText(db, f.text.words),
      expertsRepo.resolveTags(db, f),
    ]);
    return { ...f, ...(text && { text }), ...(tags.length && { tags }) };
  },

  /** The words as searched: those of the profiles' dictionary exactly (by stem), the others as prefixes. */
  async resolveText(db: Executor, words: string[]): Promise<SearchText> {
    const known = await sql<{ word: string }>`
      SELECT word FROM search_words WHERE word = ANY (${sql.val(words)}::text[])`.execute(db);
    const set = new Set(known.rows.map((k) => k.word));
    return { words, prefix: words.map((w) => !set.has(w)) };
  },

  /**
   * The index tags worth reading for the threshold filters: the nearest tag each filter implies, unless PostgreSQL's
   * statistics say that most profiles carry it (tags missing from the statistics are rare, or not yet analysed).
   */
  async resolveTags(db: Executor, f: SearchFilters): Promise<string[]> {
    const wanted = thresholdTags(f);
    if (!wanted.length) return [];
    const { rows } = await sql<{ tag: string; share: number | null }>`
      SELECT t.tag, s.share FROM unnest(ARRAY[${sql.join(wanted)}]::text[]) AS t (tag)
      LEFT JOIN (
        SELECT e.tag, e.share FROM pg_stats,
          unnest(most_common_elems::text::text[], most_common_elem_freqs) AS e (tag, share)
        WHERE schemaname = current_schema() AND tablename = 'expert_profiles' AND attname = 'filter_tags'
      ) s USING (tag)`.execute(db);
    return rows.filter((r) => r.tag !== 'any' && (r.share ?? 0) < SELECTIVE_TAG_SHARE).map((r) => r.tag);
  },

  /** For each word, the closest word of the profiles' dictionary (itself when known), or null when none is close. */
  async closestWords(db: Executor, words: string[]): Promise<(string | null)[]> {
    const result = await sql<{ best: string | null }>`
      SELECT (SELECT d.word FROM search_words d WHERE d.word % w.input
              ORDER BY similarity(d.word, w.input) DESC, d.word LIMIT 1) AS best
      FROM unnest(${sql.val(words)}::text[]) WITH ORDINALITY AS w (input, n)
      ORDER BY w.n`.execute(db);
    return result.rows.map((r) => r.best);
  },

  async profile(db: Executor, id: string): Promise<ProfileRow | undefined> {
    const result = await sql<ProfileRow>`
      SELECT ${cardColumns}, p.bio, p.certifications, p.years_by_product, p.verified_at, p.listed,
        coalesce(s.stars1, 0) AS stars1, coalesce(s.stars2, 0) AS stars2, coalesce(s.stars3, 0) AS stars3,
        coalesce(s.stars4, 0) AS stars4, coalesce(s.stars5, 0) AS stars5,
        coalesce(s.communication_sum, 0) AS communication_sum, coalesce(s.expertise_sum, 0) AS expertise_sum,
        coalesce(s.speed_sum, 0) AS speed_sum, coalesce(s.refused_dossiers, 0) AS refused_dossiers,
        coalesce(s.recovered_cents, 0) AS recovered_cents
      FROM expert_profiles p
      JOIN users u ON u.id = p.user_id
      LEFT JOIN expert_stats s ON s.expert_id = p.user_id
      WHERE p.user_id = ${id}`.execute(db);
    return result.rows[0];
  },

  /**
   * Experts who handle `product` and have capacity left, scored out of 100 (see the service for the weights),
   * best first; ties by id so the order is deterministic. Candidates are read by their static score (the part that
   * does not depend on the dossier, at most 65) in growing batches from two streams, the experts of the region and
   * all experts, until no unread expert can reach the last one kept: the rest of the score adds at most 35 in the
   * region, 15 outside it.
   */
  async recommend(
    db: Executor,
    r: { product: string; region: string; language: string; limit: number; excludeExpertId: string | null },
  ): Promise<RecommendationRow[]> {
    for (let batch = r.limit * 5; ; batch *= 4) {
      const result = await prepared(
        sql<
          RecommendationRow & {
            floorIn: string | null;
            seenIn: number;
            floorAll: string | null;
            seenAll: number;
          }
        >`
        WITH a AS MATERIALIZED (
          SELECT expert_id, static_score FROM expert_reco_scores WHERE product_code = ${r.product}
            AND region = ${r.region} ORDER BY static_score DESC, expert_id LIMIT ${batch}
        ), b AS MATERIALIZED (
          SELECT expert_id, static_score FROM expert_reco_scores WHERE product_code = ${r.product}
            AND region = '*' ORDER BY static_score DESC, expert_id LIMIT ${batch}
        ), c AS (SELECT expert_id FROM a UNION SELECT expert_id FROM b),
        meta AS (SELECT (SELECT min(static_score) FROM a) AS floor_in, (SELECT count(*)::int FROM a) AS seen_in,
                        (SELECT min(static_score) FROM b) AS floor_all, (SELECT count(*)::int FROM b) AS seen_all)
        SELECT meta.floor_in, meta.seen_in, meta.floor_all, meta.seen_all, x.* FROM meta LEFT JOIN LATERAL (
          SELECT ${cardColumns}, p.score, p.years_on_product, p.region_match, p.language_match,
                 p.product_completed, p.product_refused
          FROM (
            SELECT p.*, k.years_on_product, k.region_match, k.language_match, k.product_completed,
              k.product_refused,
              round(expert_static_score(k.years_on_product, p.rating_score, p.median_response_minutes,
                                        k.product_completed, k.product_refused)
                + CASE WHEN k.region_match THEN 20 ELSE 0 END
                + CASE WHEN k.language_match THEN 5 ELSE 0 END
                + 10 * (1 - p.active_load::numeric / p.capacity), 2) AS score
            FROM c
            JOIN expert_profiles p ON p.user_id = c.expert_id
            LEFT JOIN expert_product_stats ps ON ps.expert_id = p.user_id AND ps.product_code = ${r.product}
            CROSS JOIN LATERAL (SELECT
              coalesce((p.years_by_product ->> ${r.product})::int, 0) AS years_on_product,
              p.regions @> ARRAY[${r.region}]::text[] AS region_match,
              p.languages @> ARRAY[${r.language}]::text[] AS language_match,
              coalesce(ps.completed_dossiers, 0) AS product_completed,
              coalesce(ps.refused_dossiers, 0) AS product_refused) k
            WHERE p.listed AND p.specialties @> ARRAY[${r.product}]::text[] AND p.active_load < p.capacity
              AND p.user_id IS DISTINCT FROM ${r.excludeExpertId}::uuid
            ORDER BY score DESC, p.user_id
            LIMIT ${r.limit}
          ) p
          JOIN users u ON u.id = p.user_id
          LEFT JOIN expert_stats s ON s.expert_id = p.user_id
        ) x ON true
        ORDER BY x.score DESC, x.id`,
      ).execute(db);
      const meta = result.rows[0];
      const rows = result.rows.filter((row) => row.id !== null);
      if (!meta) return rows;
      // The best an unread expert could reach: static below the stream's floor, plus 35 in the region, 15 outside.
      const bounds = [
        meta.seenIn < batch ? Number.NEGATIVE_INFINITY : Number(meta.floorIn) + 35,
        meta.seenAll < batch ? Number.NEGATIVE_INFINITY : Number(meta.floorAll) + 15,
      ];
      const last = rows.at(-1);
      // Every expert of the product read (the region's are among them).
      const exhausted = meta.seenAll < batch;
      // Strictly above that bound: an unread expert cannot even tie (ties go by id).
      const settled = rows.length === r.limit && last && Number(last.score) > Math.max(...bounds);
      if (exhausted || settled) return rows;
    }
  },

  /**
   * Recomputes an expert's median response time from the messages since `since` (see migration 006); a value only
   * replaces the last one when there are answers to measure. Whether it changed.
   */
  async refreshResponseTime(db: Executor, expertId: string, since: Date): Promise<boolean> {
    const result = await sql`
      UPDATE expert_profiles p SET median_response_minutes = r.minutes
      FROM (SELECT expert_median_response_minutes(${expertId}::uuid, ${since}::timestamptz) AS minutes) r
      WHERE p.user_id = ${expertId}::uuid AND r.minutes IS NOT NULL
        AND p.median_response_minutes IS DISTINCT FROM r.minutes`.execute(db);
    return Number(result.numAffectedRows ?? 0) > 0;
  },

  updateProfile: (db: Executor, id: string, changes: Updateable<Database['expertProfiles']>) =>
    db.updateTable('expertProfiles').set(changes).where('userId', '=', id).execute(),

  lockProfile: (db: Executor, id: string) =>
    db
      .selectFrom('expertProfiles')
      .select([
        'userId',
        'headline',
        'bio',
        'city',
        'department',
        'avatarUrl',
        'specialties',
        'regions',
        'languages',
        'certifications',
        'yearsByProduct',
        'yearsExperience',
        'feeModel',
        'commissionPercent',
        'dayRateCents',
        'capacity',
        'verified',
      ])
      .where('userId', '=', id)
      .forUpdate()
      .executeTakeFirst(),

  latestReviews: (db: Executor, expertId: string, limit: number, afterId?: string, includeHidden = false) => {
    let q = reviewSelect(db).where('r.expertId', '=', expertId);
    if (!includeHidden) q = q.where('r.hidden', '=', false);
    if (afterId) q = q.where('r.id', '<', afterId);
    return q.orderBy('r.id', 'desc').limit(limit).execute() as Promise<ReviewRow[]>;
  },

  findReview: (db: Executor, id: string) =>
    reviewSelect(db).where('r.id', '=', id).executeTakeFirst() as Promise<ReviewRow | undefined>,
};
