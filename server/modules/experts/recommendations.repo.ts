import { sql } from 'kysely';
import { type Executor, prepared } from '../../db/pool.ts';
import { type CardRow, cardColumns } from './profiles.repo.ts';

export type RecommendationRow = CardRow & {
  score: string;
  yearsOnProduct: number;
  regionMatch: boolean;
  languageMatch: boolean;
  productCompleted: number;
  productRefused: number;
};

export const recommendationsRepo = {
  /**
   * Experts who handle `product` and have capacity left, scored out of 100 (the weights: see
   * ExpertSearchService.recommend), best first; ties by id so the order is deterministic. Candidates are read by their static score (the part that
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
};
