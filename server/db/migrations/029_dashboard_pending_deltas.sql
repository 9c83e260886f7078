-- The dashboard's aggregates move after the commit, not in it (issue 15: step completion at 8 concurrent).
--
-- 019 applied each transaction's staged deltas to the aggregates in a deferred trigger at commit: the running
-- totals' advisory locks and the day's rows stayed locked until the commit had reached the disk, and its pg_notify
-- took PostgreSQL's one queue lock for notifying commits, held through the commit too. Every transaction that moved a
-- figure (every step completion, dossier move, sign-up) waited for the one before it, and paid about 2 ms for the
-- running totals' upsert.
--
-- Now a transaction's flush only appends its staged deltas to `metric_pending_deltas` (one row, no shared row
-- touched, no notification), and `dashboard_fold()` applies the committed ones to the aggregates with 019's code,
-- many transactions' deltas at once, then notifies the areas that moved. Readers of the aggregates fold first (the
-- figures stay exact: a change committed before the read is in them); an instance with an admin socket folds a few
-- times a second (the live updates); a job folds every minute (the backlog stays small when nobody looks).

CREATE TABLE metric_pending_deltas (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  deltas jsonb NOT NULL
);

-- 019's flush, unchanged: applies the deltas staged in `ft_dashboard.staged` to the aggregates, and notifies.
ALTER FUNCTION dashboard_flush() RENAME TO dashboard_apply_staged;

-- At commit (019's constraint triggers) and when a bulk load's staged set grows: the staged deltas set aside.
CREATE FUNCTION dashboard_flush() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  staged jsonb := nullif(current_setting('ft_dashboard.staged', true), '')::jsonb;
BEGIN
  IF staged IS NULL THEN
    RETURN;
  END IF;
  PERFORM set_config('ft_dashboard.staged', '', true);
  INSERT INTO metric_pending_deltas (deltas) VALUES (staged);
END $$;

-- The transaction lock that lets one fold (or rebuild) at a time touch the pending deltas and the aggregates.
CREATE FUNCTION dashboard_fold_lock_key() RETURNS bigint IMMUTABLE LANGUAGE sql AS $$
  SELECT hashtextextended('dashboard_fold', 29)
$$;

-- Applies every committed pending delta to the aggregates, oldest first, in batches of about 20,000 deltas; how many
-- pending rows it took. One fold at a time: `wait` false returns 0 at once while another fold runs.
CREATE FUNCTION dashboard_fold(wait boolean DEFAULT true) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  batch jsonb;
  taken integer;
  folded integer := 0;
  -- The caller's own staged deltas (a fold inside a transaction that moved figures): set aside, then put back.
  own text := coalesce(current_setting('ft_dashboard.staged', true), '');
BEGIN
  IF wait THEN
    PERFORM pg_advisory_xact_lock(dashboard_fold_lock_key());
  ELSIF NOT pg_try_advisory_xact_lock(dashboard_fold_lock_key()) THEN
    RETURN 0;
  END IF;
  LOOP
    WITH next AS (
      SELECT id, deltas, sum(jsonb_array_length(deltas)) OVER (ORDER BY id) AS upto
        FROM (SELECT id, deltas FROM metric_pending_deltas ORDER BY id LIMIT 1000) p
    ), gone AS (
      DELETE FROM metric_pending_deltas
       WHERE id IN (SELECT id FROM next WHERE upto <= 20000 OR id = (SELECT min(id) FROM next))
      RETURNING deltas
    )
    SELECT (SELECT count(*) FROM gone), (SELECT jsonb_agg(e) FROM gone, jsonb_array_elements(gone.deltas) e)
      INTO taken, batch;
    EXIT WHEN taken = 0;
    PERFORM set_config('ft_dashboard.staged', batch::text, true);
    PERFORM dashboard_apply_staged();
    folded := folded + taken;
  END LOOP;
  PERFORM set_config('ft_dashboard.staged', own, true);
  RETURN folded;
END $$;

-- 019's rebuild, unchanged, after the pending deltas are dropped: the recount already counts their changes. Writers
-- wait on the table lock until the rebuild commits, so that a change either is in the recount or stays pending.
ALTER FUNCTION dashboard_rebuild() RENAME TO dashboard_rebuild_aggregates;

CREATE FUNCTION dashboard_rebuild() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(dashboard_fold_lock_key());
  LOCK TABLE metric_pending_deltas IN EXCLUSIVE MODE;
  DELETE FROM metric_pending_deltas;
  PERFORM dashboard_rebuild_aggregates();
END $$;
