-- The admins' audit log (issue 16): newest first, filtered by actor, action, entity type and period, each filter
-- served by an index in the list's order (created_at DESC, id DESC), so that a page never sorts the whole log.
CREATE INDEX audit_log_recent_idx ON audit_log (created_at DESC, id DESC);
CREATE INDEX audit_log_actor_recent_idx ON audit_log (actor_id, created_at DESC, id DESC);
CREATE INDEX audit_log_action_recent_idx ON audit_log (action, created_at DESC, id DESC);
CREATE INDEX audit_log_entity_type_recent_idx ON audit_log (entity_type, created_at DESC, id DESC);

-- The "à traiter" centre counts what waits for an admin and finds the oldest of each: small partial indexes, whose
-- count and minimum are index-only scans however large the tables grow.
CREATE INDEX users_pending_experts_idx ON users (created_at, id) WHERE role = 'expert' AND status = 'pending';
CREATE INDEX alerts_sla_breached_idx ON alerts (created_at, id)
  WHERE type IN ('sla_breached', 'sla_escalated') AND state IN ('open', 'acknowledged');
CREATE INDEX email_messages_failed_idx ON email_messages (created_at, id) WHERE status = 'failed';
CREATE INDEX dossiers_unassigned_idx ON dossiers (status_changed_at, id) WHERE status = 'eligible' AND expert_id IS NULL;
CREATE INDEX company_join_requests_pending_idx ON company_join_requests (created_at, id) WHERE status = 'pending';
