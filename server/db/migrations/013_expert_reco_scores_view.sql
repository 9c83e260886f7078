-- Recommendations' static scores, written once as a view for both their writers: the per-expert refresh that the
-- triggers run (002's expert_reco_refresh, whose query this replaces) and the benchmark seed's set-based recompute
-- after a bulk load (server/db/seed/marketplace-bench.ts). A filter on expert_id reaches expert_profiles' key.
CREATE VIEW expert_reco_static_scores AS
SELECT s.code AS product_code, r.region, p.user_id AS expert_id,
       round(expert_static_score(coalesce((p.years_by_product ->> s.code)::int, 0), p.rating_score,
             p.median_response_minutes, coalesce(ps.completed_dossiers, 0), coalesce(ps.refused_dossiers, 0)), 2)
         AS static_score
FROM expert_profiles p
CROSS JOIN unnest(p.specialties) AS s (code)
CROSS JOIN unnest(p.regions || '{*}'::text[]) AS r (region)
LEFT JOIN expert_product_stats ps ON ps.expert_id = p.user_id AND ps.product_code = s.code
WHERE p.listed;

CREATE OR REPLACE FUNCTION expert_reco_refresh(p_expert uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM expert_reco_scores WHERE expert_id = p_expert;
  INSERT INTO expert_reco_scores (product_code, region, expert_id, static_score)
  SELECT product_code, region, expert_id, static_score FROM expert_reco_static_scores WHERE expert_id = p_expert
  ON CONFLICT DO NOTHING;
END $$;
