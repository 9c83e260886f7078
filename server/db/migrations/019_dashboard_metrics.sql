-- The admin dashboard's aggregates (issue 16): flows per Paris day (with their running totals, so that any period
-- reads two rows per figure), levels "now",
-- kept by triggers in the same transaction as the change, whatever code path made it (API, demo seed, bench).
--
-- How a change reaches the aggregates:
--   1. each source table's triggers turn the rows they see into deltas (metric, dim, dim_value, day, value) with the
--      rule functions below (`dashboard_*_rows`), and stage them in a transaction-local setting;
--   2. a deferred constraint trigger flushes the transaction's staged deltas once, at commit: one ordered upsert per
--      aggregate table (daily, running totals, gauges, always in that order), so that two transactions take their
--      locks in the same global order (never a deadlock) and hold them only for the instant before commit;
--   3. the flush sends pg_notify('ft_admin_metrics', area) once per area moved (dossiers, users, amounts, sla, experts,
--      simulations), delivered at commit.
-- The same rule functions compute `dashboard_recount()` (every aggregate row from the base tables): the backfill
-- below, `dashboard_rebuild()` for bulk loaders, and the tests' full-recount comparison.
--
-- Deletions of source rows are not followed (no code path deletes dossiers, users, steps or requests).

-- Flows: what happened on a Paris day. dim: 'all' (dim_value ''), 'product', 'region', or 'bucket' (histograms: the
-- bucket's upper bound in minutes, see dashboard_bucket).
CREATE TABLE metric_daily (
  metric text NOT NULL,
  dim text NOT NULL CHECK (dim IN ('all', 'product', 'region', 'bucket')),
  day date NOT NULL,
  dim_value text NOT NULL,
  value bigint NOT NULL,
  PRIMARY KEY (metric, dim, day, dim_value)
);

-- The flows' running totals, one row per (metric, dim) and day it moved: `totals` holds, for every dim_value that
-- has moved so far, the sum of its daily values up to and including `day` (a zero total is left out). A period's
-- figures are the totals at its last day minus the totals the day before it starts (each the key's latest row on or
-- before that day: one backward probe of the primary key), whatever the period's length: about 35 keys, three probes
-- each, for every KPI, breakdown and histogram of a period and of the one before it.
CREATE TABLE metric_running (
  metric text NOT NULL,
  dim text NOT NULL CHECK (dim IN ('all', 'product', 'region', 'bucket')),
  day date NOT NULL,
  totals jsonb NOT NULL,
  PRIMARY KEY (metric, dim, day)
);

-- Levels now: dossiers per status, clients, experts active/pending, capacity and load.
CREATE TABLE metric_gauges (
  metric text NOT NULL,
  dim text NOT NULL CHECK (dim IN ('all', 'product', 'region')),
  dim_value text NOT NULL,
  value bigint NOT NULL,
  PRIMARY KEY (metric, dim, dim_value)
);

-- The fee waterfall's rates (docs/domain.md § Amounts and fees): one row.
CREATE TABLE fee_rates (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  expert_percent numeric(5, 2) NOT NULL CHECK (expert_percent BETWEEN 0 AND 100),
  platform_share_percent numeric(5, 2) NOT NULL CHECK (platform_share_percent BETWEEN 0 AND 100),
  vat_percent numeric(5, 2) NOT NULL CHECK (vat_percent BETWEEN 0 AND 100)
);
INSERT INTO fee_rates (expert_percent, platform_share_percent, vat_percent) VALUES (30, 30, 20);

-- One staged change of an aggregate; `day` null: a gauge.
CREATE TYPE dashboard_delta AS (metric text, dim text, dim_value text, day date, value bigint);

CREATE FUNCTION dashboard_day(ts timestamptz) RETURNS date IMMUTABLE LANGUAGE sql AS $$
  SELECT (ts AT TIME ZONE 'Europe/Paris')::date
$$;

-- Histogram buckets of durations, by upper bound in minutes (the last one also takes everything longer). Bounds grow
-- by at most ×2 (×1.5 from a day on), so the bucket's midpoint, which the API returns as the median, is within a
-- third of the true value; server/modules/dashboard/histogram.ts holds the same list.
CREATE FUNCTION dashboard_bucket(started timestamptz, ended timestamptz) RETURNS text IMMUTABLE LANGUAGE sql AS $$
  SELECT coalesce(min(b), 525600)::text
    FROM unnest(ARRAY[15, 30, 60, 120, 180, 240, 360, 480, 720, 1080, 1440, 2160, 2880, 4320, 5760, 7200, 10080,
                      14400, 20160, 30240, 43200, 64800, 86400, 129600, 259200, 525600]) b
   WHERE b * 60 >= extract(epoch FROM ended - started)
$$;

-- Which dashboard area a metric belongs to (the NOTIFY payload).
CREATE FUNCTION dashboard_area(metric text) RETURNS text IMMUTABLE LANGUAGE sql AS $$
  SELECT CASE
    WHEN metric LIKE 'amounts.%' OR metric LIKE 'fees.%' THEN 'amounts'
    WHEN metric LIKE 'sla.%' THEN 'sla'
    WHEN metric LIKE 'simulations.%' THEN 'simulations'
    WHEN metric LIKE 'clients.%' OR metric = 'experts.new' THEN 'users'
    WHEN metric LIKE 'experts.%' THEN 'experts'
    ELSE 'dossiers' END
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- The rules: what one source row contributes. A trigger stages contribution(new) − contribution(old).
-- ---------------------------------------------------------------------------------------------------------------

-- A dossier: opened (day of creation, by product and region), its estimate, its status now, and whether it weighs
-- on an expert's load (the statuses of expert_stats.active_load).
CREATE FUNCTION dashboard_dossier_rows(d dossiers, region text) RETURNS SETOF dashboard_delta STABLE LANGUAGE sql AS $$
  SELECT x.* FROM (VALUES
    ('dossiers.opened', 'all', '', dashboard_day(d.created_at), 1::bigint),
    ('dossiers.opened', 'product', d.product_code, dashboard_day(d.created_at), 1),
    ('dossiers.opened', 'region', region, dashboard_day(d.created_at), 1),
    ('amounts.estimated', 'all', '', dashboard_day(d.created_at), coalesce(d.estimated_cents, 0)),
    ('amounts.estimated', 'product', d.product_code, dashboard_day(d.created_at), coalesce(d.estimated_cents, 0)),
    ('status.' || d.status, 'all', '', NULL, 1),
    ('status.' || d.status, 'product', d.product_code, NULL, 1),
    ('status.' || d.status, 'region', region, NULL, 1),
    ('experts.load', 'all', '', NULL,
      CASE WHEN d.expert_id IS NOT NULL AND d.status IN ('expert_assigned', 'documents_pending', 'audit_in_progress',
        'audit_proposed', 'submitted', 'administration_decided') THEN 1 ELSE 0 END)
  ) AS x (metric, dim, dim_value, day, value)
  WHERE x.value <> 0 AND x.dim_value IS NOT NULL
$$;

-- A status change (a dossier_events row with a target status), dated by the event: the time spent in the status it
-- left (histogram `lead.<status>`), and what entering its new status means. Amounts are counted once final: audited
-- when the client accepts it (enters `submitted`), granted at the administration's decision, obtained at the refund,
-- with the fee waterfall rounded to the cent per dossier. `commission`: the expert's percent when their fee model is
-- commission, else null (the default rate applies).
CREATE FUNCTION dashboard_transition_rows(
  from_status text, to_status text, at timestamptz, previous_at timestamptz, product text, region text,
  audited bigint, granted bigint, obtained bigint, commission numeric, rates fee_rates
) RETURNS SETOF dashboard_delta STABLE LANGUAGE sql AS $$
  WITH fee AS (
    SELECT round(coalesce(obtained, 0) * coalesce(commission, rates.expert_percent) / 100) AS expert
  ), waterfall AS (
    SELECT expert, round(expert * rates.platform_share_percent / 100) AS platform,
           round(expert * rates.vat_percent / 100) AS vat FROM fee
  )
  SELECT x.metric, x.dim, x.dim_value, dashboard_day(at), x.value::bigint FROM waterfall w, LATERAL (VALUES
    ('lead.' || from_status, 'bucket', dashboard_bucket(previous_at, at), 1::numeric,
      from_status IS NOT NULL AND previous_at IS NOT NULL),
    ('dossiers.closed', 'all', '', 1, to_status IN ('closed', 'not_eligible', 'refused', 'cancelled')),
    ('dossiers.closed', 'product', product, 1, to_status IN ('closed', 'not_eligible', 'refused', 'cancelled')),
    ('dossiers.expert_assigned', 'all', '', 1, to_status = 'expert_assigned'),
    ('dossiers.expert_assigned', 'product', product, 1, to_status = 'expert_assigned'),
    ('amounts.audited', 'all', '', coalesce(audited, 0), to_status = 'submitted'),
    ('amounts.audited', 'product', product, coalesce(audited, 0), to_status = 'submitted'),
    ('amounts.granted', 'all', '', coalesce(granted, 0), to_status = 'administration_decided'),
    ('amounts.granted', 'product', product, coalesce(granted, 0), to_status = 'administration_decided'),
    ('dossiers.refunded', 'all', '', 1, to_status = 'refunded'),
    ('dossiers.refunded', 'product', product, 1, to_status = 'refunded'),
    ('amounts.obtained', 'all', '', coalesce(obtained, 0), to_status = 'refunded'),
    ('amounts.obtained', 'product', product, coalesce(obtained, 0), to_status = 'refunded'),
    ('amounts.obtained', 'region', region, coalesce(obtained, 0), to_status = 'refunded'),
    ('fees.expert', 'all', '', w.expert, to_status = 'refunded'),
    ('fees.expert', 'product', product, w.expert, to_status = 'refunded'),
    ('fees.platform', 'all', '', w.platform, to_status = 'refunded'),
    ('fees.platform', 'product', product, w.platform, to_status = 'refunded'),
    ('fees.expert_net', 'all', '', w.expert - w.platform, to_status = 'refunded'),
    ('fees.expert_net', 'product', product, w.expert - w.platform, to_status = 'refunded'),
    ('fees.vat', 'all', '', w.vat, to_status = 'refunded'),
    ('fees.vat', 'product', product, w.vat, to_status = 'refunded')
  ) AS x (metric, dim, dim_value, value, applies)
  WHERE x.applies AND x.value <> 0 AND x.dim_value IS NOT NULL
$$;

-- A user: sign-ups by role (day of creation), and the accounts now.
CREATE FUNCTION dashboard_user_rows(u users) RETURNS SETOF dashboard_delta IMMUTABLE LANGUAGE sql AS $$
  SELECT x.* FROM (VALUES
    ('clients.new', 'all', '', dashboard_day(u.created_at), CASE WHEN u.role = 'client' THEN 1 ELSE 0 END::bigint),
    ('experts.new', 'all', '', dashboard_day(u.created_at), CASE WHEN u.role = 'expert' THEN 1 ELSE 0 END),
    ('clients.active', 'all', '', NULL, CASE WHEN u.role = 'client' AND u.status = 'active' THEN 1 ELSE 0 END),
    ('experts.active', 'all', '', NULL, CASE WHEN u.role = 'expert' AND u.status = 'active' THEN 1 ELSE 0 END),
    ('experts.pending', 'all', '', NULL, CASE WHEN u.role = 'expert' AND u.status = 'pending' THEN 1 ELSE 0 END)
  ) AS x (metric, dim, dim_value, day, value)
  WHERE x.value <> 0
$$;

-- An expert's capacity counts while their account is active (it depends on users and expert_profiles).
CREATE FUNCTION dashboard_capacity_rows(role text, status text, capacity integer)
RETURNS SETOF dashboard_delta IMMUTABLE LANGUAGE sql AS $$
  SELECT ROW('experts.capacity', 'all', '', NULL, capacity)::dashboard_delta
   WHERE role = 'expert' AND status = 'active' AND coalesce(capacity, 0) <> 0
$$;

CREATE FUNCTION dashboard_simulation_rows(s simulations) RETURNS SETOF dashboard_delta IMMUTABLE LANGUAGE sql AS $$
  SELECT ROW('simulations.created', 'all', '', dashboard_day(s.created_at), 1)::dashboard_delta
$$;

-- An expert's answer to a request (accepted or declined; a cancellation is not an answer): the first-response
-- histogram, dated by the answer.
CREATE FUNCTION dashboard_request_rows(r expert_requests) RETURNS SETOF dashboard_delta IMMUTABLE LANGUAGE sql AS $$
  SELECT ROW('experts.first_response', 'bucket', dashboard_bucket(r.created_at, r.responded_at),
             dashboard_day(r.responded_at), 1)::dashboard_delta
   WHERE r.status IN ('accepted', 'declined') AND r.responded_at IS NOT NULL
$$;

-- A workflow step with an SLA, completed: on time when the counted time it used (consumed_ms, banked when the step
-- closed: business time for business units, paused time excluded) is within its SLA. due_at is not used: it is null
-- while a step is paused, and a step completed during a pause did not run late.
CREATE FUNCTION dashboard_step_rows(s dossier_steps) RETURNS SETOF dashboard_delta IMMUTABLE LANGUAGE sql AS $$
  SELECT ROW(CASE WHEN s.consumed_ms <= s.sla_ms THEN 'sla.met' ELSE 'sla.breached' END, 'all', '',
             dashboard_day(s.completed_at), 1)::dashboard_delta
   WHERE s.state = 'completed' AND s.sla_ms IS NOT NULL AND s.completed_at IS NOT NULL
$$;

-- ---------------------------------------------------------------------------------------------------------------
-- Staging and flushing.
-- ---------------------------------------------------------------------------------------------------------------

-- The staged deltas summed per key (`day` infinity: a gauge).
CREATE FUNCTION dashboard_staged(staged jsonb) RETURNS SETOF dashboard_delta IMMUTABLE LANGUAGE sql AS $$
  SELECT metric, dim, dim_value, coalesce(day, 'infinity'), sum(value)::bigint
    FROM jsonb_populate_recordset(NULL::dashboard_delta, staged)
   GROUP BY metric, dim, dim_value, coalesce(day, 'infinity') HAVING sum(value) <> 0
$$;

-- Two objects of totals by dim_value added up (a zero total left out).
CREATE FUNCTION dashboard_added(totals jsonb, deltas jsonb) RETURNS jsonb IMMUTABLE LANGUAGE sql AS $$
  SELECT coalesce(jsonb_object_agg(k, v), '{}'::jsonb) FROM (
    SELECT key AS k, sum(value::bigint) AS v
      FROM (SELECT * FROM jsonb_each_text(totals) UNION ALL SELECT * FROM jsonb_each_text(deltas)) x
     GROUP BY key HAVING sum(value::bigint) <> 0) s
$$;

CREATE FUNCTION dashboard_flush() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  staged jsonb := nullif(current_setting('ft_dashboard.staged', true), '')::jsonb;
  area text;
BEGIN
  IF staged IS NULL THEN
    RETURN;
  END IF;
  PERFORM set_config('ft_dashboard.staged', '', true);
  -- Ordered by each table's key, tables always in this order: see the header.
  INSERT INTO metric_daily AS m (metric, dim, day, dim_value, value)
  SELECT metric, dim, day, dim_value, value FROM dashboard_staged(staged) WHERE day <> 'infinity'
   ORDER BY metric, dim, day, dim_value
  ON CONFLICT (metric, dim, day, dim_value) DO UPDATE SET value = m.value + EXCLUDED.value;
  -- Running totals. A key's rows are changed under a lock on the key (taken in key order, like the row locks above):
  -- a day's new row is the key's previous totals plus the deltas, which must not be read while another transaction
  -- moves them. The update and the insert read the same snapshot: every row from a delta's day on moves by it, and a
  -- day without a row gets one, the totals before it plus the deltas up to it.
  PERFORM pg_advisory_xact_lock(hashtextextended(k.metric || '|' || k.dim, 19))
     FROM (SELECT DISTINCT metric, dim FROM dashboard_staged(staged) WHERE day <> 'infinity' ORDER BY 1, 2) k;
  WITH deltas AS (
    SELECT metric, dim, dim_value, day, value FROM dashboard_staged(staged) WHERE day <> 'infinity'
  ), keys AS (
    SELECT metric, dim, min(day) AS first_day FROM deltas GROUP BY 1, 2
  ), moved AS (
    UPDATE metric_running r SET totals = dashboard_added(r.totals, m.moved)
      FROM (SELECT r.metric, r.dim, r.day, jsonb_object_agg(x.dim_value, x.value) AS moved
              FROM keys k
              JOIN metric_running r ON (r.metric, r.dim) = (k.metric, k.dim) AND r.day >= k.first_day
              CROSS JOIN LATERAL (SELECT d.dim_value, sum(d.value) AS value FROM deltas d
                                   WHERE (d.metric, d.dim) = (r.metric, r.dim) AND d.day <= r.day
                                   GROUP BY d.dim_value) x
             GROUP BY 1, 2, 3) m
     WHERE (r.metric, r.dim, r.day) = (m.metric, m.dim, m.day)
  )
  INSERT INTO metric_running (metric, dim, day, totals)
  SELECT n.metric, n.dim, n.day,
         dashboard_added(
           coalesce((SELECT r.totals FROM metric_running r
                      WHERE (r.metric, r.dim) = (n.metric, n.dim) AND r.day < n.day
                      ORDER BY r.day DESC LIMIT 1), '{}'::jsonb),
           (SELECT jsonb_object_agg(x.dim_value, x.value) FROM (
              SELECT d.dim_value, sum(d.value) AS value FROM deltas d
               WHERE (d.metric, d.dim) = (n.metric, n.dim) AND d.day <= n.day GROUP BY 1) x))
    FROM (SELECT DISTINCT metric, dim, day FROM deltas) n
   WHERE NOT EXISTS (SELECT 1 FROM metric_running r WHERE (r.metric, r.dim, r.day) = (n.metric, n.dim, n.day));
  INSERT INTO metric_gauges AS m (metric, dim, dim_value, value)
  SELECT metric, dim, dim_value, value FROM dashboard_staged(staged) WHERE day = 'infinity'
   ORDER BY metric, dim, dim_value
  ON CONFLICT (metric, dim, dim_value) DO UPDATE SET value = m.value + EXCLUDED.value;
  FOR area IN SELECT DISTINCT dashboard_area(metric) FROM dashboard_staged(staged) ORDER BY 1 LOOP
    PERFORM pg_notify('ft_admin_metrics', area);
  END LOOP;
END $$;

-- Adds deltas to the transaction's staged ones; a bulk load flushes as it goes to keep the staged set small.
CREATE FUNCTION dashboard_stage(deltas jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  staged jsonb;
BEGIN
  IF deltas IS NULL OR jsonb_array_length(deltas) = 0 THEN
    RETURN;
  END IF;
  staged := coalesce(nullif(current_setting('ft_dashboard.staged', true), '')::jsonb, '[]'::jsonb) || deltas;
  PERFORM set_config('ft_dashboard.staged', staged::text, true);
  IF jsonb_array_length(staged) > 5000 THEN
    PERFORM dashboard_flush();
  END IF;
END $$;

CREATE FUNCTION dashboard_flush_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_flush();
  RETURN NULL;
END $$;

-- Negates a contribution (the old row's, on update).
CREATE FUNCTION dashboard_negated(d dashboard_delta) RETURNS dashboard_delta IMMUTABLE LANGUAGE sql AS $$
  SELECT ROW(d.metric, d.dim, d.dim_value, d.day, -d.value)::dashboard_delta
$$;

-- dossiers: inserts by statement (bulk loads), updates of the columns that matter by row.
CREATE FUNCTION dashboard_dossiers_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_stage((SELECT jsonb_agg(r) FROM new_rows n JOIN companies c ON c.id = n.company_id,
                                  LATERAL dashboard_dossier_rows(n, c.region) r));
  RETURN NULL;
END $$;

CREATE FUNCTION dashboard_dossier_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_stage((
    SELECT jsonb_agg(r) FROM (
      SELECT r FROM companies c, LATERAL dashboard_dossier_rows(NEW, c.region) r WHERE c.id = NEW.company_id
      UNION ALL
      SELECT dashboard_negated(r) FROM companies c, LATERAL dashboard_dossier_rows(OLD, c.region) r
       WHERE c.id = OLD.company_id) x (r)));
  RETURN NULL;
END $$;

CREATE TRIGGER dashboard_dossiers_inserted AFTER INSERT ON dossiers REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dashboard_dossiers_inserted();
CREATE TRIGGER dashboard_dossier_updated AFTER UPDATE ON dossiers FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.expert_id IS DISTINCT FROM NEW.expert_id
     OR OLD.product_code IS DISTINCT FROM NEW.product_code OR OLD.company_id IS DISTINCT FROM NEW.company_id
     OR OLD.estimated_cents IS DISTINCT FROM NEW.estimated_cents OR OLD.created_at IS DISTINCT FROM NEW.created_at)
  EXECUTE FUNCTION dashboard_dossier_updated();

-- dossier_events: the status history (insert only). The previous status event of the dossier dates the entry into
-- the status left; ties on created_at are broken by id, as in the recount.
CREATE FUNCTION dashboard_dossier_events_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_stage((
    SELECT jsonb_agg(r)
      FROM new_rows e
      JOIN dossiers d ON d.id = e.dossier_id
      JOIN companies c ON c.id = d.company_id
      LEFT JOIN expert_profiles p ON p.user_id = d.expert_id AND p.fee_model = 'commission'
      CROSS JOIN fee_rates f
      LEFT JOIN LATERAL (
        SELECT pe.created_at FROM dossier_events pe
         WHERE pe.dossier_id = e.dossier_id AND pe.to_status IS NOT NULL AND (pe.created_at, pe.id) < (e.created_at, e.id)
         ORDER BY pe.created_at DESC, pe.id DESC LIMIT 1) prev ON true
      CROSS JOIN LATERAL dashboard_transition_rows(e.from_status, e.to_status, e.created_at, prev.created_at,
        d.product_code, c.region, d.audited_cents, d.granted_cents, d.obtained_cents, p.commission_percent, f) r
     WHERE e.to_status IS NOT NULL));
  RETURN NULL;
END $$;

CREATE TRIGGER dashboard_dossier_events_inserted AFTER INSERT ON dossier_events REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dashboard_dossier_events_inserted();

-- users
CREATE FUNCTION dashboard_users_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A new user has no expert profile yet: its capacity arrives with the profile.
  PERFORM dashboard_stage((SELECT jsonb_agg(r) FROM new_rows n, LATERAL dashboard_user_rows(n) r));
  RETURN NULL;
END $$;

CREATE FUNCTION dashboard_user_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  cap integer := (SELECT capacity FROM expert_profiles WHERE user_id = NEW.id);
BEGIN
  PERFORM dashboard_stage((
    SELECT jsonb_agg(r) FROM (
      SELECT r FROM dashboard_user_rows(NEW) r
      UNION ALL SELECT r FROM dashboard_capacity_rows(NEW.role, NEW.status, cap) r
      UNION ALL SELECT dashboard_negated(r) FROM dashboard_user_rows(OLD) r
      UNION ALL SELECT dashboard_negated(r) FROM dashboard_capacity_rows(OLD.role, OLD.status, cap) r) x (r)));
  RETURN NULL;
END $$;

CREATE TRIGGER dashboard_users_inserted AFTER INSERT ON users REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dashboard_users_inserted();
CREATE TRIGGER dashboard_user_updated AFTER UPDATE ON users FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.role IS DISTINCT FROM NEW.role
     OR OLD.created_at IS DISTINCT FROM NEW.created_at)
  EXECUTE FUNCTION dashboard_user_updated();

-- expert_profiles (capacity)
CREATE FUNCTION dashboard_profiles_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_stage((SELECT jsonb_agg(r) FROM new_rows n JOIN users u ON u.id = n.user_id,
                                  LATERAL dashboard_capacity_rows(u.role, u.status, n.capacity) r));
  RETURN NULL;
END $$;

CREATE FUNCTION dashboard_profile_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_stage((
    SELECT jsonb_agg(r) FROM users u, LATERAL (
      SELECT r FROM dashboard_capacity_rows(u.role, u.status, NEW.capacity) r
      UNION ALL SELECT dashboard_negated(r) FROM dashboard_capacity_rows(u.role, u.status, OLD.capacity) r) x (r)
     WHERE u.id = NEW.user_id));
  RETURN NULL;
END $$;

CREATE TRIGGER dashboard_profiles_inserted AFTER INSERT ON expert_profiles REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dashboard_profiles_inserted();
CREATE TRIGGER dashboard_profile_updated AFTER UPDATE OF capacity ON expert_profiles FOR EACH ROW
  WHEN (OLD.capacity IS DISTINCT FROM NEW.capacity) EXECUTE FUNCTION dashboard_profile_updated();

-- simulations (insert only: created_at never changes)
CREATE FUNCTION dashboard_simulations_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_stage((SELECT jsonb_agg(r) FROM new_rows n, LATERAL dashboard_simulation_rows(n) r));
  RETURN NULL;
END $$;

CREATE TRIGGER dashboard_simulations_inserted AFTER INSERT ON simulations REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dashboard_simulations_inserted();

-- expert_requests
CREATE FUNCTION dashboard_requests_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_stage((SELECT jsonb_agg(r) FROM new_rows n, LATERAL dashboard_request_rows(n) r));
  RETURN NULL;
END $$;

CREATE FUNCTION dashboard_request_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_stage((
    SELECT jsonb_agg(r) FROM (
      SELECT r FROM dashboard_request_rows(NEW) r
      UNION ALL SELECT dashboard_negated(r) FROM dashboard_request_rows(OLD) r) x (r)));
  RETURN NULL;
END $$;

CREATE TRIGGER dashboard_requests_inserted AFTER INSERT ON expert_requests REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dashboard_requests_inserted();
CREATE TRIGGER dashboard_request_updated AFTER UPDATE ON expert_requests FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.responded_at IS DISTINCT FROM NEW.responded_at
     OR OLD.created_at IS DISTINCT FROM NEW.created_at)
  EXECUTE FUNCTION dashboard_request_updated();

-- dossier_steps
CREATE FUNCTION dashboard_steps_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_stage((SELECT jsonb_agg(r) FROM new_rows n, LATERAL dashboard_step_rows(n) r));
  RETURN NULL;
END $$;

CREATE FUNCTION dashboard_step_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM dashboard_stage((
    SELECT jsonb_agg(r) FROM (
      SELECT r FROM dashboard_step_rows(NEW) r
      UNION ALL SELECT dashboard_negated(r) FROM dashboard_step_rows(OLD) r) x (r)));
  RETURN NULL;
END $$;

CREATE TRIGGER dashboard_steps_inserted AFTER INSERT ON dossier_steps REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION dashboard_steps_inserted();
CREATE TRIGGER dashboard_step_updated AFTER UPDATE ON dossier_steps FOR EACH ROW
  WHEN ((OLD.state = 'completed' OR NEW.state = 'completed') AND (OLD.state IS DISTINCT FROM NEW.state
     OR OLD.consumed_ms IS DISTINCT FROM NEW.consumed_ms OR OLD.sla_ms IS DISTINCT FROM NEW.sla_ms
     OR OLD.completed_at IS DISTINCT FROM NEW.completed_at))
  EXECUTE FUNCTION dashboard_step_updated();

-- The flush at commit: queued by the same changes that stage deltas (a WHEN of a constraint trigger is evaluated at
-- the change, so rows that stage nothing queue nothing).
CREATE CONSTRAINT TRIGGER dashboard_flush_dossiers AFTER INSERT OR UPDATE ON dossiers
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_flush_trigger();
CREATE CONSTRAINT TRIGGER dashboard_flush_dossier_events AFTER INSERT ON dossier_events
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.to_status IS NOT NULL)
  EXECUTE FUNCTION dashboard_flush_trigger();
CREATE CONSTRAINT TRIGGER dashboard_flush_users AFTER INSERT OR UPDATE ON users
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_flush_trigger();
CREATE CONSTRAINT TRIGGER dashboard_flush_profiles AFTER INSERT OR UPDATE OF capacity ON expert_profiles
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_flush_trigger();
CREATE CONSTRAINT TRIGGER dashboard_flush_simulations AFTER INSERT ON simulations
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_flush_trigger();
CREATE CONSTRAINT TRIGGER dashboard_flush_requests AFTER INSERT OR UPDATE ON expert_requests
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_flush_trigger();
CREATE CONSTRAINT TRIGGER dashboard_flush_steps AFTER INSERT OR UPDATE OF state, consumed_ms, sla_ms, completed_at
  ON dossier_steps DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION dashboard_flush_trigger();

-- ---------------------------------------------------------------------------------------------------------------
-- The full recount (same rules), the rebuild, and the backfill.
-- ---------------------------------------------------------------------------------------------------------------

-- Every aggregate row computed from the base tables: flows per day (`day` set) and gauges (`day` null).
CREATE FUNCTION dashboard_recount() RETURNS SETOF dashboard_delta STABLE LANGUAGE sql AS $$
  WITH deltas AS (
    SELECT r.* FROM dossiers d JOIN companies c ON c.id = d.company_id, LATERAL dashboard_dossier_rows(d, c.region) r
    UNION ALL
    SELECT r.* FROM (
      SELECT e.*, lag(e.created_at) OVER (PARTITION BY e.dossier_id ORDER BY e.created_at, e.id) AS previous_at
        FROM dossier_events e WHERE e.to_status IS NOT NULL) e
      JOIN dossiers d ON d.id = e.dossier_id
      JOIN companies c ON c.id = d.company_id
      LEFT JOIN expert_profiles p ON p.user_id = d.expert_id AND p.fee_model = 'commission'
      CROSS JOIN fee_rates f
      CROSS JOIN LATERAL dashboard_transition_rows(e.from_status, e.to_status, e.created_at, e.previous_at,
        d.product_code, c.region, d.audited_cents, d.granted_cents, d.obtained_cents, p.commission_percent, f) r
    UNION ALL
    SELECT r.* FROM users u, LATERAL dashboard_user_rows(u) r
    UNION ALL
    SELECT r.* FROM expert_profiles p JOIN users u ON u.id = p.user_id,
      LATERAL dashboard_capacity_rows(u.role, u.status, p.capacity) r
    UNION ALL
    SELECT r.* FROM simulations s, LATERAL dashboard_simulation_rows(s) r
    UNION ALL
    SELECT r.* FROM expert_requests q, LATERAL dashboard_request_rows(q) r
    UNION ALL
    SELECT r.* FROM dossier_steps s, LATERAL dashboard_step_rows(s) r
  )
  SELECT metric, dim, dim_value, day, sum(value)::bigint FROM deltas
   GROUP BY metric, dim, dim_value, day HAVING sum(value) <> 0
$$;

-- Replaces every aggregate by the recount: for loaders that write rows with the triggers disabled.
CREATE FUNCTION dashboard_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM set_config('ft_dashboard.staged', '', true);
  LOCK TABLE metric_daily, metric_running, metric_gauges IN EXCLUSIVE MODE;
  DELETE FROM metric_daily;
  DELETE FROM metric_running;
  DELETE FROM metric_gauges;
  CREATE TEMP TABLE dashboard_rebuild_rows ON COMMIT DROP AS SELECT * FROM dashboard_recount();
  INSERT INTO metric_daily (metric, dim, day, dim_value, value)
  SELECT metric, dim, day, dim_value, value FROM dashboard_rebuild_rows WHERE day IS NOT NULL;
  -- Each (metric, dim) has a row on every day one of its values moved, with the totals of all its values then.
  INSERT INTO metric_running (metric, dim, day, totals)
  WITH flows AS (SELECT * FROM dashboard_rebuild_rows WHERE day IS NOT NULL),
  grid AS (
    SELECT v.metric, v.dim, v.dim_value, d.day
      FROM (SELECT DISTINCT metric, dim, dim_value FROM flows) v
      JOIN (SELECT DISTINCT metric, dim, day FROM flows) d ON (d.metric, d.dim) = (v.metric, v.dim)
  ), running AS (
    SELECT g.metric, g.dim, g.dim_value, g.day,
           sum(coalesce(f.value, 0)) OVER (PARTITION BY g.metric, g.dim, g.dim_value ORDER BY g.day) AS total
      FROM grid g
      LEFT JOIN flows f ON (f.metric, f.dim, f.dim_value, f.day) = (g.metric, g.dim, g.dim_value, g.day)
  )
  SELECT metric, dim, day, coalesce(jsonb_object_agg(dim_value, total) FILTER (WHERE total <> 0), '{}'::jsonb)
    FROM running GROUP BY metric, dim, day;
  INSERT INTO metric_gauges (metric, dim, dim_value, value)
  SELECT metric, dim, dim_value, value FROM dashboard_rebuild_rows WHERE day IS NULL;
  DROP TABLE dashboard_rebuild_rows;
END $$;

-- Every kept aggregate row that the full recount contradicts, from the side that has it ('kept' or 'expected'): a
-- daily or gauge row of another value (a zero row is the same as no row), a running total that is not the sum of the
-- recount's days up to its own, a day the recount moves without its running total. Empty when the triggers were
-- exact; the tests and `npm run bench:admin` call it after their bursts.
CREATE FUNCTION dashboard_differences()
RETURNS TABLE (side text, grain text, metric text, dim text, dim_value text, day date, value bigint)
STABLE LANGUAGE sql AS $$
  WITH recount AS MATERIALIZED (SELECT * FROM dashboard_recount()),
  kept AS (
    SELECT 'day' AS grain, metric, dim, dim_value, day, value FROM metric_daily WHERE value <> 0
    UNION ALL SELECT 'now', metric, dim, dim_value, NULL, value FROM metric_gauges WHERE value <> 0
  ), expected AS (
    SELECT CASE WHEN day IS NULL THEN 'now' ELSE 'day' END, metric, dim, dim_value, day, value FROM recount
  ), flows AS (
    SELECT * FROM recount WHERE day IS NOT NULL
  ), kept_running AS (
    SELECT r.metric, r.dim, e.key AS dim_value, r.day, e.value::bigint AS total
      FROM metric_running r, jsonb_each_text(r.totals) e
  ), grid AS (
    -- Every value of a key on every day the key has a row or moved in the recount.
    SELECT v.metric, v.dim, v.dim_value, d.day
      FROM (SELECT metric, dim, dim_value FROM flows UNION SELECT metric, dim, dim_value FROM kept_running) v
      JOIN (SELECT metric, dim, day FROM flows UNION SELECT metric, dim, day FROM metric_running) d
        ON (d.metric, d.dim) = (v.metric, v.dim)
  ), running AS (
    SELECT g.metric, g.dim, g.dim_value, g.day, r.day IS NOT NULL AS has_row, f.value IS NOT NULL AS moved,
           coalesce(k.total, 0) AS kept,
           sum(coalesce(f.value, 0)) OVER (PARTITION BY g.metric, g.dim, g.dim_value ORDER BY g.day)::bigint
             AS expected
      FROM grid g
      LEFT JOIN metric_running r ON (r.metric, r.dim, r.day) = (g.metric, g.dim, g.day)
      LEFT JOIN kept_running k ON (k.metric, k.dim, k.dim_value, k.day) = (g.metric, g.dim, g.dim_value, g.day)
      LEFT JOIN flows f ON (f.metric, f.dim, f.dim_value, f.day) = (g.metric, g.dim, g.dim_value, g.day)
  )
  (SELECT 'kept', * FROM (SELECT * FROM kept EXCEPT ALL SELECT * FROM expected) k)
  UNION ALL
  (SELECT 'expected', * FROM (SELECT * FROM expected EXCEPT ALL SELECT * FROM kept) e)
  UNION ALL
  -- A row whose total of a value is not the recount's up to its day; a day the recount moves without a row.
  SELECT CASE WHEN has_row THEN 'kept' ELSE 'expected' END, 'running', metric, dim, dim_value, day,
         CASE WHEN has_row THEN kept ELSE expected END
    FROM running WHERE (has_row AND kept <> expected) OR (NOT has_row AND moved)
$$;

SELECT dashboard_rebuild();
