-- The status history's insert trigger finds the dossier's previous transition by an index on the dossier.
--
-- `dashboard_dossier_events_inserted` (019, 032) dates the status a dossier leaves by its previous transition:
-- `WHERE pe.dossier_id = e.dossier_id AND pe.to_status IS NOT NULL ORDER BY pe.created_at DESC, pe.id DESC LIMIT 1`.
-- Since 024's `dossier_events_transitions_idx (created_at) WHERE to_status IS NOT NULL`, the planner walked that
-- index backwards from the new event's time, filtering on the dossier: every status change read the transitions of
-- every dossier since its previous one (19,765 rows, 4.5 ms on 20,000 dossiers; half of PostgreSQL's time in the step
-- completion benchmark), growing with the platform's history. This index answers it with one row.
CREATE INDEX dossier_events_previous_transition_idx ON dossier_events (dossier_id, created_at DESC, id DESC)
  WHERE to_status IS NOT NULL;
