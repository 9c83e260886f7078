-- A dossier's move writes its expert's figures once, and only when it changes them. 002's trigger took the old
-- row's contribution off, then put the new row's on: a move between two statuses that count alike
-- (documents_pending → audit_in_progress, both in the active load) updated expert_stats twice for nothing, and each
-- update copied the load to expert_profiles, whose every index (the search's GIN among them) took a new entry. Most
-- steps of a workflow are such moves.

-- What one dossier adds to its expert's figures (the same rules as 002's expert_stats_apply_dossier).
CREATE FUNCTION expert_dossier_contribution(status text, obtained bigint,
  OUT active integer, OUT completed integer, OUT refused integer, OUT recovered bigint)
IMMUTABLE PARALLEL SAFE LANGUAGE sql AS $$
  SELECT (status IN ('expert_assigned', 'documents_pending', 'audit_in_progress', 'audit_proposed', 'submitted',
                     'administration_decided'))::int,
         (status IN ('refunded', 'closed'))::int,
         (status = 'refused')::int,
         CASE WHEN status IN ('refunded', 'closed') THEN coalesce(obtained, 0) ELSE 0 END
$$;

-- Adds a move's deltas to an expert's figures (and to their product's outcomes); all zero: nothing is written.
CREATE FUNCTION expert_stats_add(p_expert uuid, p_product text, d_active integer, d_completed integer,
  d_refused integer, d_recovered bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_expert IS NULL OR (d_active = 0 AND d_completed = 0 AND d_refused = 0 AND d_recovered = 0) THEN
    RETURN;
  END IF;
  INSERT INTO expert_stats (expert_id) VALUES (p_expert) ON CONFLICT DO NOTHING;
  UPDATE expert_stats SET
    active_load = active_load + d_active,
    completed_dossiers = completed_dossiers + d_completed,
    refused_dossiers = refused_dossiers + d_refused,
    recovered_cents = recovered_cents + d_recovered
  WHERE expert_id = p_expert;
  IF d_completed <> 0 OR d_refused <> 0 OR d_recovered <> 0 THEN
    INSERT INTO expert_product_stats (expert_id, product_code) VALUES (p_expert, p_product) ON CONFLICT DO NOTHING;
    UPDATE expert_product_stats SET
      completed_dossiers = completed_dossiers + d_completed,
      refused_dossiers = refused_dossiers + d_refused,
      recovered_cents = recovered_cents + d_recovered
    WHERE expert_id = p_expert AND product_code = p_product;
  END IF;
END $$;

CREATE OR REPLACE FUNCTION dossiers_stats_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  o record;
  n record;
BEGIN
  IF TG_OP <> 'INSERT' THEN
    o := expert_dossier_contribution(OLD.status, OLD.obtained_cents);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    n := expert_dossier_contribution(NEW.status, NEW.obtained_cents);
  END IF;
  -- The same expert and product: the difference, once.
  IF TG_OP = 'UPDATE' AND OLD.expert_id IS NOT DISTINCT FROM NEW.expert_id AND OLD.product_code = NEW.product_code THEN
    PERFORM expert_stats_add(NEW.expert_id, NEW.product_code, n.active - o.active, n.completed - o.completed,
                             n.refused - o.refused, n.recovered - o.recovered);
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM expert_stats_add(OLD.expert_id, OLD.product_code, -o.active, -o.completed, -o.refused, -o.recovered);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM expert_stats_add(NEW.expert_id, NEW.product_code, n.active, n.completed, n.refused, n.recovered);
  END IF;
  RETURN NULL;
END $$;

DROP FUNCTION expert_stats_apply_dossier(uuid, text, text, bigint, integer);
