-- A set-based insert stages its deltas summed per key, not one per row (019's statement triggers).
--
-- 019's insert triggers staged every row's deltas as one jsonb array: a load of a million dossiers in one statement
-- built an array past jsonb's 256 MB limit and failed ("total size of jsonb array elements exceeds the maximum"),
-- and a smaller one carried one element per row to `metric_pending_deltas` and to the fold. Summed per key (metric,
-- dim, value, day) the deltas are as many as the days and values the statement touches, whatever its rows; the fold
-- sums them per key anyway (`dashboard_staged`), so the figures are the same.

CREATE OR REPLACE FUNCTION dashboard_dossiers_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_stage((
    SELECT jsonb_agg(s) FROM (
      SELECT r.metric, r.dim, r.dim_value, r.day, sum(r.value)::bigint AS value
        FROM new_rows n JOIN companies c ON c.id = n.company_id, LATERAL dashboard_dossier_rows(n, c.region) r
       GROUP BY 1, 2, 3, 4) s));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION dashboard_dossier_events_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_stage((
    SELECT jsonb_agg(s) FROM (
      SELECT r.metric, r.dim, r.dim_value, r.day, sum(r.value)::bigint AS value
        FROM new_rows e
        JOIN dossiers d ON d.id = e.dossier_id
        JOIN companies c ON c.id = d.company_id
        LEFT JOIN expert_profiles p ON p.user_id = d.expert_id AND p.fee_model = 'commission'
        CROSS JOIN fee_rates f
        LEFT JOIN LATERAL (
          SELECT pe.created_at FROM dossier_events pe
           WHERE pe.dossier_id = e.dossier_id AND pe.to_status IS NOT NULL
             AND (pe.created_at, pe.id) < (e.created_at, e.id)
           ORDER BY pe.created_at DESC, pe.id DESC LIMIT 1) prev ON true
        CROSS JOIN LATERAL dashboard_transition_rows(e.from_status, e.to_status, e.created_at, prev.created_at,
          d.product_code, c.region, d.audited_cents, d.granted_cents, d.obtained_cents, p.commission_percent, f) r
       WHERE e.to_status IS NOT NULL
       GROUP BY 1, 2, 3, 4) s));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION dashboard_users_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A new user has no expert profile yet: its capacity arrives with the profile.
  PERFORM dashboard_stage((
    SELECT jsonb_agg(s) FROM (
      SELECT r.metric, r.dim, r.dim_value, r.day, sum(r.value)::bigint AS value
        FROM new_rows n, LATERAL dashboard_user_rows(n) r
       GROUP BY 1, 2, 3, 4) s));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION dashboard_profiles_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_stage((
    SELECT jsonb_agg(s) FROM (
      SELECT r.metric, r.dim, r.dim_value, r.day, sum(r.value)::bigint AS value
        FROM new_rows n JOIN users u ON u.id = n.user_id,
             LATERAL dashboard_capacity_rows(u.role, u.status, n.capacity) r
       GROUP BY 1, 2, 3, 4) s));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION dashboard_simulations_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_stage((
    SELECT jsonb_agg(s) FROM (
      SELECT r.metric, r.dim, r.dim_value, r.day, sum(r.value)::bigint AS value
        FROM new_rows n, LATERAL dashboard_simulation_rows(n) r
       GROUP BY 1, 2, 3, 4) s));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION dashboard_requests_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_stage((
    SELECT jsonb_agg(s) FROM (
      SELECT r.metric, r.dim, r.dim_value, r.day, sum(r.value)::bigint AS value
        FROM new_rows n, LATERAL dashboard_request_rows(n) r
       GROUP BY 1, 2, 3, 4) s));
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION dashboard_steps_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_stage((
    SELECT jsonb_agg(s) FROM (
      SELECT r.metric, r.dim, r.dim_value, r.day, sum(r.value)::bigint AS value
        FROM new_rows n, LATERAL dashboard_step_rows(n) r
       GROUP BY 1, 2, 3, 4) s));
  RETURN NULL;
END $$;
