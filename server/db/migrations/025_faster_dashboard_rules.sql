-- The same rules as 019, cheaper to evaluate: reports recount them over millions of status changes (issue 17).
-- A status change's rows are gated by its target status (a change to `documents_pending` evaluates its lead-time
-- row only, not 22 candidate rows and the fee waterfall), and a duration's bucket is found by `width_bucket` instead
-- of scanning the bounds. dashboard.recount.test.ts checks the aggregates against a full recount.

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
      ('dossiers.closed', 'all', '', 1::bigint), ('dossiers.closed', 'product', product, 1)) s (metric, dim, dim_value, value)
     WHERE to_status IN ('closed', 'not_eligible', 'refused', 'cancelled')
    UNION ALL
    SELECT s.metric, s.dim, s.dim_value, s.value FROM (VALUES
      ('dossiers.expert_assigned', 'all', '', 1::bigint), ('dossiers.expert_assigned', 'product', product, 1))
      s (metric, dim, dim_value, value)
     WHERE to_status = 'expert_assigned'
    UNION ALL
    SELECT s.metric, s.dim, s.dim_value, coalesce(audited, 0) FROM (VALUES
      ('amounts.audited', 'all', ''), ('amounts.audited', 'product', product)) s (metric, dim, dim_value)
     WHERE to_status = 'submitted'
    UNION ALL
    SELECT s.metric, s.dim, s.dim_value, coalesce(granted, 0) FROM (VALUES
      ('amounts.granted', 'all', ''), ('amounts.granted', 'product', product)) s (metric, dim, dim_value)
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
      ('amounts.obtained', 'all', '', coalesce(obtained, 0)), ('amounts.obtained', 'product', product, coalesce(obtained, 0)),
      ('amounts.obtained', 'region', region, coalesce(obtained, 0)),
      ('fees.expert', 'all', '', w.expert), ('fees.expert', 'product', product, w.expert),
      ('fees.platform', 'all', '', w.platform), ('fees.platform', 'product', product, w.platform),
      ('fees.expert_net', 'all', '', w.expert - w.platform),
      ('fees.expert_net', 'product', product, w.expert - w.platform),
      ('fees.vat', 'all', '', w.vat), ('fees.vat', 'product', product, w.vat)) s (metric, dim, dim_value, value)
  ) AS x (metric, dim, dim_value, value)
  WHERE x.value <> 0 AND x.dim_value IS NOT NULL
$$;
