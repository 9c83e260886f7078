-- The dashboard's rules (019) for the reports (issue 17):
-- - every flow a report breaks down is also kept by product and by region (closed, assigned, refunded, amounts,
--   fees, SLA steps), so that a platform report reads the aggregates like the dashboard does;
-- - cheaper to evaluate, for the reports that recount a period by product, region or expert: a status change's rows
--   are gated by its target status (a change to `documents_pending` evaluates its lead-time row only, not 22
--   candidate rows and the fee waterfall), and a duration's bucket is found by `width_bucket`.
-- The aggregates are rebuilt at the end; dashboard.recount.test.ts checks them against a full recount.

CREATE OR REPLACE FUNCTION dashboard_dossier_rows(d dossiers, region text) RETURNS SETOF dashboard_delta STABLE LANGUAGE sql AS $$
  SELECT x.* FROM (VALUES
    ('dossiers.opened', 'all', '', dashboard_day(d.created_at), 1::bigint),
    ('dossiers.opened', 'product', d.product_code, dashboard_day(d.created_at), 1),
    ('dossiers.opened', 'region', region, dashboard_day(d.created_at), 1),
    ('amounts.estimated', 'all', '', dashboard_day(d.created_at), coalesce(d.estimated_cents, 0)),
    ('amounts.estimated', 'product', d.product_code, dashboard_day(d.created_at), coalesce(d.estimated_cents, 0)),
    ('amounts.estimated', 'region', region, dashboard_day(d.created_at), coalesce(d.estimated_cents, 0)),
    ('status.' || d.status, 'all', '', NULL, 1),
    ('status.' || d.status, 'product', d.product_code, NULL, 1),
    ('status.' || d.status, 'region', region, NULL, 1),
    ('experts.load', 'all', '', NULL,
      CASE WHEN d.expert_id IS NOT NULL AND d.status IN ('expert_assigned', 'documents_pending', 'audit_in_progress',
        'audit_proposed', 'submitted', 'administration_decided') THEN 1 ELSE 0 END)
  ) AS x (metric, dim, dim_value, day, value)
  WHERE x.value <> 0 AND x.dim_value IS NOT NULL
$$;

-- A completed step with an SLA, by the product and region of its dossier too.
CREATE OR REPLACE FUNCTION dashboard_step_rows(s dossier_steps) RETURNS SETOF dashboard_delta STABLE LANGUAGE sql AS $$
  SELECT x.metric, x.dim, x.dim_value, dashboard_day(s.completed_at), 1::bigint
    FROM (SELECT CASE WHEN s.consumed_ms <= s.sla_ms THEN 'sla.met' ELSE 'sla.breached' END) m (metric),
    LATERAL (SELECT d.product_code, c.region FROM dossiers d JOIN companies c ON c.id = d.company_id
              WHERE d.id = s.dossier_id) p,
    LATERAL (VALUES (m.metric, 'all', ''), (m.metric, 'product', p.product_code), (m.metric, 'region', p.region))
      x (metric, dim, dim_value)
   WHERE s.state = 'completed' AND s.sla_ms IS NOT NULL AND s.completed_at IS NOT NULL AND x.dim_value IS NOT NULL
$$;

CREATE OR REPLACE FUNCTION dashboard_bucket(started timestamptz, ended timestamptz) RETURNS text IMMUTABLE LANGUAGE sql AS $$
  -- The smallest bound b (minutes) with b * 60 >= the duration in seconds: the bounds below the duration, counted by
  -- width_bucket over the negated bounds in reverse, give its position; past the last bound, the last bound.
  SELECT coalesce((ARRAY[15, 30, 60, 120, 180, 240, 360, 480, 720, 1080, 1440, 2160, 2880, 4320, 5760, 7200, 10080,
                         14400, 20160, 30240, 43200, 64800, 86400, 129600, 259200, 525600])[
           27 - width_bucket(-extract(epoch FROM ended - started)::float8 / 60,
             ARRAY[-525600, -259200, -129600, -86400, -64800, -43200, -30240, -20160, -14400, -10080, -7200, -5760,
                   -4320, -2880, -2160, -1440, -1080, -720, -480, -360, -240, -180, -120, -60, -30, -15]::float8[])],
         525600)::text
$$;

CREATE OR REPLACE FUNCTION dashboard_transition_rows(
  from_status text, to_status text, at timestamptz, previous_at timestamptz, product text, region text,
  audited bigint, granted bigint, obtained bigint, commission numeric, rates fee_rates
) RETURNS SETOF dashboard_delta STABLE LANGUAGE sql AS $$
  SELECT x.metric, x.dim, x.dim_value, dashboard_day(at), x.value FROM (
    SELECT 'lead.' || from_status, 'bucket', dashboard_bucket(previous_at, at), 1::bigint
     WHERE from_status IS NOT NULL AND previous_at IS NOT NULL
    UNION ALL
    SELECT s.metric, s.dim, s.dim_value, s.value FROM (VALUES
      ('dossiers.closed', 'all', '', 1::bigint), ('dossiers.closed', 'product', product, 1),
      ('dossiers.closed', 'region', region, 1)) s (metric, dim, dim_value, value)
     WHERE to_status IN ('closed', 'not_eligible', 'refused', 'cancelled')
    UNION ALL
    SELECT s.metric, s.dim, s.dim_value, s.value FROM (VALUES
      ('dossiers.expert_assigned', 'all', '', 1::bigint), ('dossiers.expert_assigned', 'product', product, 1),
      ('dossiers.expert_assigned', 'region', region, 1)) s (metric, dim, dim_value, value)
     WHERE to_status = 'expert_assigned'
    UNION ALL
    SELECT s.metric, s.dim, s.dim_value, coalesce(audited, 0) FROM (VALUES
      ('amounts.audited', 'all', ''), ('amounts.audited', 'product', product), ('amounts.audited', 'region', region))
      s (metric, dim, dim_value)
     WHERE to_status = 'submitted'
    UNION ALL
    SELECT s.metric, s.dim, s.dim_value, coalesce(granted, 0) FROM (VALUES
      ('amounts.granted', 'all', ''), ('amounts.granted', 'product', product), ('amounts.granted', 'region', region))
      s (metric, dim, dim_value)
     WHERE to_status = 'administration_decided'
    UNION ALL
    -- The refund: the fee waterfall, rounded to the cent per dossier.
    SELECT s.metric, s.dim, s.dim_value, s.value::bigint FROM (
      SELECT expert, round(expert * rates.platform_share_percent / 100) AS platform,
             round(expert * rates.vat_percent / 100) AS vat
        FROM (SELECT round(coalesce(obtained, 0) * coalesce(commission, rates.expert_percent) / 100) AS expert) fee
       WHERE to_status = 'refunded') w,
    LATERAL (VALUES
      ('dossiers.refunded', 'all', '', 1::numeric), ('dossiers.refunded', 'product', product, 1),
      ('dossiers.refunded', 'region', region, 1),
      ('amounts.obtained', 'all', '', coalesce(obtained, 0)), ('amounts.obtained', 'product', product, coalesce(obtained, 0)),
      ('amounts.obtained', 'region', region, coalesce(obtained, 0)),
      ('fees.expert', 'all', '', w.expert), ('fees.expert', 'product', product, w.expert),
      ('fees.expert', 'region', region, w.expert),
      ('fees.platform', 'all', '', w.platform), ('fees.platform', 'product', product, w.platform),
      ('fees.platform', 'region', region, w.platform),
      ('fees.expert_net', 'all', '', w.expert - w.platform),
      ('fees.expert_net', 'product', product, w.expert - w.platform),
      ('fees.expert_net', 'region', region, w.expert - w.platform),
      ('fees.vat', 'all', '', w.vat), ('fees.vat', 'product', product, w.vat), ('fees.vat', 'region', region, w.vat))
      s (metric, dim, dim_value, value)
  ) AS x (metric, dim, dim_value, value)
  WHERE x.value <> 0 AND x.dim_value IS NOT NULL
$$;

-- The aggregates again, with the rows these rules add.
SELECT dashboard_rebuild();
