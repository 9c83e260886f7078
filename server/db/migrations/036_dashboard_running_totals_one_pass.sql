-- The running totals moved by a fold in one ordered pass over the deltas, not a pass per day (019's flush).
--
-- 019's flush summed, for each day of running totals a fold moves, the deltas up to that day: every day's row read
-- every delta of its key again. A fold of the demo data's 15,700 pending deltas (after `npm start` seeded it) took
-- 10.9 s of PostgreSQL's CPU here, against 0.6 s for a full recount; the admin's first dashboard waited for it, and
-- its page, rendered by the server within 2 s or not at all, came without its figures. Here each day to move sits
-- beside the deltas of its key in day order, and a running sum gives each day the deltas up to it (a delta of the
-- same date first). The figures are the same: the rows from a key's first delta on move by the deltas up to their
-- day, a day without a row gets one, the key's previous totals plus the deltas up to it, both read from the snapshot
-- before the update.

CREATE OR REPLACE FUNCTION dashboard_apply_staged() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  staged jsonb := nullif(current_setting('ft_dashboard.staged', true), '')::jsonb;
  area text;
BEGIN
  IF staged IS NULL THEN
    RETURN;
  END IF;
  PERFORM set_config('ft_dashboard.staged', '', true);
  -- Ordered by each table's key, tables always in this order: see 019's header.
  INSERT INTO metric_daily AS m (metric, dim, day, dim_value, value)
  SELECT metric, dim, day, dim_value, value FROM dashboard_staged(staged) WHERE day <> 'infinity'
   ORDER BY metric, dim, day, dim_value
  ON CONFLICT (metric, dim, day, dim_value) DO UPDATE SET value = m.value + EXCLUDED.value;
  -- Running totals, each key's rows changed under a lock on the key, as in 019.
  PERFORM pg_advisory_xact_lock(hashtextextended(k.metric || '|' || k.dim, 19))
     FROM (SELECT DISTINCT metric, dim FROM dashboard_staged(staged) WHERE day <> 'infinity' ORDER BY 1, 2) k;
  WITH deltas AS (
    SELECT metric, dim, dim_value, day, value FROM dashboard_staged(staged) WHERE day <> 'infinity'
  ), keys AS (
    SELECT metric, dim, min(day) AS first_day FROM deltas GROUP BY 1, 2
  ), days AS (
    SELECT r.metric, r.dim, r.day, true AS has_row
      FROM keys k JOIN metric_running r ON (r.metric, r.dim) = (k.metric, k.dim) AND r.day >= k.first_day
    UNION ALL
    SELECT DISTINCT d.metric, d.dim, d.day, false FROM deltas d
     WHERE NOT EXISTS (SELECT 1 FROM metric_running r WHERE (r.metric, r.dim, r.day) = (d.metric, d.dim, d.day))
  ), dim_values AS (
    SELECT DISTINCT metric, dim, dim_value FROM deltas
  ), merged AS (
    SELECT metric, dim, dim_value, day, has_row, is_day,
           sum(value) OVER (PARTITION BY metric, dim, dim_value ORDER BY day, is_day) AS upto
      FROM (SELECT d.metric, d.dim, v.dim_value, d.day, d.has_row, true AS is_day, 0::bigint AS value
              FROM days d JOIN dim_values v ON (v.metric, v.dim) = (d.metric, d.dim)
            UNION ALL
            SELECT metric, dim, dim_value, day, NULL, false, value FROM deltas) x
  ), moved AS (
    SELECT metric, dim, day, bool_or(has_row) AS has_row,
           coalesce(jsonb_object_agg(dim_value, upto) FILTER (WHERE upto <> 0), '{}'::jsonb) AS moved
      FROM merged WHERE is_day GROUP BY 1, 2, 3
  ), updated AS (
    UPDATE metric_running r SET totals = dashboard_added(r.totals, m.moved)
      FROM moved m
     WHERE m.has_row AND m.moved <> '{}'::jsonb AND (r.metric, r.dim, r.day) = (m.metric, m.dim, m.day)
  )
  INSERT INTO metric_running (metric, dim, day, totals)
  SELECT m.metric, m.dim, m.day,
         dashboard_added(
           coalesce((SELECT r.totals FROM metric_running r
                      WHERE (r.metric, r.dim) = (m.metric, m.dim) AND r.day < m.day
                      ORDER BY r.day DESC LIMIT 1), '{}'::jsonb),
           m.moved)
    FROM moved m
   WHERE NOT m.has_row;
  INSERT INTO metric_gauges AS m (metric, dim, dim_value, value)
  SELECT metric, dim, dim_value, value FROM dashboard_staged(staged) WHERE day = 'infinity'
   ORDER BY metric, dim, dim_value
  ON CONFLICT (metric, dim, dim_value) DO UPDATE SET value = m.value + EXCLUDED.value;
  FOR area IN SELECT DISTINCT dashboard_area(metric) FROM dashboard_staged(staged) ORDER BY 1 LOOP
    PERFORM pg_notify('ft_admin_metrics', area);
  END LOOP;
END $$;
