import { type RawBuilder, sql } from 'kysely';
import type { ExpertSort } from '../../../common/experts.ts';
import type { Executor } from '../../db/pool.ts';
import { type CardRow, cardColumns } from './profiles.repo.ts';
import {
  conditions,
  indexedConditions,
  type MatchVia,
  residualConditions,
  type SearchFilters,
  type SearchPlan,
  type SearchText,
  sortSpec,
  textMatch,
  thresholdTags,
  tiers,
  walks,
} from './search-planner.ts';

export type SearchRow = CardRow & { sortKey: unknown[] };
export type FacetRow = { facet: string; value: string; count: number };

/** Tags that most profiles carry cost the index more to intersect than they save in rows: left to the row checks. */
const SELECTIVE_TAG_SHARE = 0.5;

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
      const tier = sql`CASE WHEN ${textMatch(text, 'A', 'index')} THEN 3
        WHEN ${textMatch(text, 'AB', 'index')} THEN 2 ELSE 1 END`;
      const where = [...conditions({ ...f, text: undefined }), textMatch(text, '', 'index')];
      if (after)
        where.push(sql`(${tier}, p.rating_score, p.user_id) < (${after[0]}, ${after[1]}, ${after[2]}::uuid)`);
      return outer(sql`SELECT p.*, ${tier} AS k0, p.rating_score AS k1, p.user_id AS k2 FROM expert_profiles p
        WHERE ${sql.join(where, sql` AND `)} ORDER BY k0 DESC, k1 DESC, k2 DESC LIMIT ${limit}`);
    }
    const branches = nonEmpty.map((t) => {
      const walk = !plan?.tiers || walks(plan.tiers[t.tier], limit, plan);
      const via: MatchVia = !plan?.tiers || !walk ? 'index' : 'row';
      const where = [...conditions({ ...f, text: undefined }, via), textMatch(text, t.weights, via)];
      if (t.above) where.push(sql`NOT ${textMatch(text, t.above, 'index')}`);
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
  const where = conditions(f, !plan || fetch ? 'index' : 'row');
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
    ? sql`${textMatch(f.text, 'A', 'index')} AS in_a, ${textMatch(f.text, 'AB', 'index')} AS in_ab`
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

export const searchRepo = {
  /** One page in sort order, after the keyset `after` (the sort key of the last row served). */
  async search(db: Executor, ...query: Parameters<typeof searchQuery>) {
    const [f, sort] = query;
    const spec = sortSpec(sort, f);
    const result = await searchQuery(...query).execute(db);
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
      f.text && searchRepo.resolveText(db, f.text.words),
      searchRepo.resolveTags(db, f),
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
};
