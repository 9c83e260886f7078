-- An expert's outcome on one product rewrites their recommendation scores for that product only, and only when a
-- score moves.
--
-- 002's `expert_reco_product_stats` trigger ran `expert_reco_refresh` on every insert or update of a row of
-- `expert_product_stats`: it deleted and inserted again all the expert's scores, every product and region (their
-- three indexes each time), and a dossier's first outcome on a product ran it twice (the row's insert, then its
-- update). A move to `refunded` took 2.0 ms against 0.6 ms for another status change (step-completion benchmark,
-- 20,000 dossiers); with this, 2.27 -> 1.77 ms (mean of 600 alternated moves, rolled back). A product's outcomes count
-- in that product's score alone (013's view joins them on the product), and the recovered amount in none: the trigger
-- now fires on a change of the outcomes counted, and upserts the product's rows, leaving as they are the rows whose
-- score does not change (past 20 completed dossiers, for one).
CREATE FUNCTION expert_reco_refresh_product(p_expert uuid, p_product text) RETURNS void LANGUAGE sql AS $$
  INSERT INTO expert_reco_scores AS r (product_code, region, expert_id, static_score)
  SELECT product_code, region, expert_id, static_score FROM expert_reco_static_scores
  WHERE expert_id = p_expert AND product_code = p_product
  ON CONFLICT (product_code, region, expert_id) DO UPDATE SET static_score = EXCLUDED.static_score
  WHERE r.static_score IS DISTINCT FROM EXCLUDED.static_score
$$;

CREATE OR REPLACE FUNCTION expert_reco_stats_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM expert_reco_refresh_product(NEW.expert_id, NEW.product_code);
  RETURN NULL;
END $$;

DROP TRIGGER expert_reco_product_stats ON expert_product_stats;
-- A new row counts no outcome yet (expert_stats_add inserts it empty, then adds): its scores are those of no row.
CREATE TRIGGER expert_reco_product_stats_insert
  AFTER INSERT ON expert_product_stats FOR EACH ROW
  WHEN ((NEW.completed_dossiers, NEW.refused_dossiers) IS DISTINCT FROM (0, 0))
  EXECUTE FUNCTION expert_reco_stats_trigger();
CREATE TRIGGER expert_reco_product_stats_update
  AFTER UPDATE ON expert_product_stats FOR EACH ROW
  WHEN ((OLD.completed_dossiers, OLD.refused_dossiers) IS DISTINCT FROM (NEW.completed_dossiers, NEW.refused_dossiers))
  EXECUTE FUNCTION expert_reco_stats_trigger();
