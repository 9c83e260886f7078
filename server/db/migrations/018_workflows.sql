-- Workflows and SLA alerts (issue 15): versioned templates per product, each dossier's steps, the SLA clock and its
-- pauses, signatures, alerts and reminders. The dossier's lifecycle status stays the coarse state; steps are the
-- work inside a status (common/workflows.ts).

-- A template's steps are a JSON array checked by `workflowSteps` (common/workflows.ts) before it is stored; a
-- version is never changed once written: editing writes the next version.
CREATE TABLE workflow_templates (
  id uuid PRIMARY KEY,
  product_code text NOT NULL REFERENCES products (code),
  version integer NOT NULL CHECK (version > 0),
  steps jsonb NOT NULL,
  note text,
  -- Null for the default templates the platform writes.
  created_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (product_code, version)
);

-- Which template version a dossier runs, and its open step (null once the dossier closed).
CREATE TABLE dossier_workflows (
  dossier_id uuid PRIMARY KEY REFERENCES dossiers (id) ON DELETE CASCADE,
  template_id uuid NOT NULL REFERENCES workflow_templates (id),
  current_step_id uuid,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX dossier_workflows_template_idx ON dossier_workflows (template_id);

-- One row per step a dossier entered (a step entered again after a step back gets a new row), or skipped.
CREATE TABLE dossier_steps (
  id uuid PRIMARY KEY,
  dossier_id uuid NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  step_key text NOT NULL,
  -- The step's index in the template version the dossier runs.
  position integer NOT NULL,
  dossier_status text NOT NULL,
  acting_role text NOT NULL CHECK (acting_role IN ('client', 'expert', 'admin')),
  state text NOT NULL CHECK (state IN ('active', 'awaiting_validation', 'completed', 'skipped', 'abandoned')),
  entered_at timestamptz NOT NULL,
  -- The acting party handed the step to its validator.
  submitted_at timestamptz,
  submitted_by uuid REFERENCES users (id) ON DELETE SET NULL,
  completed_at timestamptz,
  completed_by uuid REFERENCES users (id) ON DELETE SET NULL,
  -- Why it was skipped or abandoned, or the validator's reason for sending it back.
  note text,
  -- The SLA: `sla_ms` of counted time (calendar, business hours or business days), null when the step has none.
  sla_ms bigint,
  sla_unit text CHECK (sla_unit IN ('hours', 'days', 'business_hours', 'business_days')),
  -- Counted time used before `running_since`; the clock runs from `running_since` (null while paused or stopped).
  consumed_ms bigint NOT NULL DEFAULT 0,
  running_since timestamptz,
  -- Wall time spent paused (waiting on the other party), and the current pause.
  paused_ms bigint NOT NULL DEFAULT 0,
  paused_since timestamptz,
  pause_reason text CHECK (pause_reason IN ('documents_requested', 'awaiting_reply')),
  -- When the warning and the deadline fall, null while paused or without SLA.
  warn_at timestamptz,
  due_at timestamptz,
  -- 0 nothing raised, 1 approaching, 2 breached, 3 escalated to the admins, 4 second level.
  alert_level smallint NOT NULL DEFAULT 0 CHECK (alert_level BETWEEN 0 AND 4)
);
CREATE INDEX dossier_steps_dossier_idx ON dossier_steps (dossier_id, entered_at, position);
-- One open step per dossier: a concurrent double completion cannot open two.
CREATE UNIQUE INDEX dossier_steps_open_key ON dossier_steps (dossier_id) WHERE state IN ('active', 'awaiting_validation');
-- The SLA sweep: steps whose warning is due, and steps past their deadline still to escalate.
CREATE INDEX dossier_steps_warn_idx ON dossier_steps (warn_at)
  WHERE state IN ('active', 'awaiting_validation') AND alert_level = 0;
CREATE INDEX dossier_steps_due_idx ON dossier_steps (due_at)
  WHERE state IN ('active', 'awaiting_validation') AND alert_level < 4;

-- The pauses of a step's clock, for its timeline.
CREATE TABLE step_pauses (
  id uuid PRIMARY KEY,
  step_id uuid NOT NULL REFERENCES dossier_steps (id) ON DELETE CASCADE,
  reason text NOT NULL CHECK (reason IN ('documents_requested', 'awaiting_reply')),
  started_at timestamptz NOT NULL,
  ended_at timestamptz
);
CREATE INDEX step_pauses_step_idx ON step_pauses (step_id, started_at);

-- A client's signature of a document (the expert's engagement letter) for a step.
CREATE TABLE step_signatures (
  id uuid PRIMARY KEY,
  step_id uuid NOT NULL REFERENCES dossier_steps (id) ON DELETE CASCADE,
  dossier_id uuid NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  signer_id uuid REFERENCES users (id) ON DELETE SET NULL,
  signer_name text NOT NULL,
  document_version_id uuid,
  document_sha256 text NOT NULL,
  ip text,
  user_agent text,
  signed_at timestamptz NOT NULL,
  -- The PDF certificate in the blob store.
  certificate_key text NOT NULL,
  UNIQUE (step_id)
);

-- Alerts of the alert centre. `dedupe_key` names the cause once (`sla_breached:<step id>`): whichever instance
-- raises it first wins, the others' inserts do nothing.
CREATE TABLE alerts (
  id uuid PRIMARY KEY,
  type text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('info', 'warning', 'high', 'critical')),
  dedupe_key text NOT NULL UNIQUE,
  dossier_id uuid REFERENCES dossiers (id) ON DELETE CASCADE,
  step_id uuid REFERENCES dossier_steps (id) ON DELETE CASCADE,
  -- The expert it is for; null: the admins' queue.
  assignee_id uuid REFERENCES users (id) ON DELETE SET NULL,
  audience text NOT NULL CHECK (audience IN ('expert', 'admin')),
  level smallint NOT NULL DEFAULT 0,
  state text NOT NULL CHECK (state IN ('open', 'acknowledged', 'snoozed', 'resolved')),
  -- What the texts are made from (hours late, documents awaited…): texts are rendered in the reader's language.
  data jsonb NOT NULL DEFAULT '{}',
  snoozed_until timestamptz,
  acknowledged_by uuid REFERENCES users (id) ON DELETE SET NULL,
  acknowledged_at timestamptz,
  resolved_by uuid REFERENCES users (id) ON DELETE SET NULL,
  resolved_at timestamptz,
  resolution_note text,
  -- Resolved because its cause went away (the step completed, the document arrived).
  resolved_automatically boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX alerts_unresolved_idx ON alerts (audience, assignee_id, created_at DESC) WHERE state <> 'resolved';
CREATE INDEX alerts_created_idx ON alerts (created_at DESC, id DESC);
CREATE INDEX alerts_dossier_idx ON alerts (dossier_id, created_at DESC);
CREATE INDEX alerts_step_idx ON alerts (step_id) WHERE state <> 'resolved';
CREATE INDEX alerts_snoozed_idx ON alerts (snoozed_until) WHERE state = 'snoozed';

-- Reminders chasing whoever must act, with back-off, until their cause is gone. One per cause (`subject_id`: the
-- document request, the first unanswered message, the expert request, the pending expert).
CREATE TABLE reminders (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('documents_awaited', 'message_unanswered', 'expert_request_unanswered', 'expert_review_pending', 'step_reminder')),
  subject_id uuid NOT NULL,
  dossier_id uuid REFERENCES dossiers (id) ON DELETE CASCADE,
  -- Who is reminded: the dossier's company clients, its expert, one user, or the admins.
  audience text NOT NULL CHECK (audience IN ('client', 'expert', 'admin', 'user')),
  recipient_id uuid REFERENCES users (id) ON DELETE CASCADE,
  data jsonb NOT NULL DEFAULT '{}',
  sent_count integer NOT NULL DEFAULT 0,
  last_sent_at timestamptz,
  next_at timestamptz NOT NULL,
  stopped_at timestamptz,
  stop_reason text,
  created_at timestamptz NOT NULL,
  UNIQUE (kind, subject_id)
);
CREATE INDEX reminders_due_idx ON reminders (next_at) WHERE stopped_at IS NULL;
CREATE INDEX reminders_dossier_idx ON reminders (dossier_id) WHERE stopped_at IS NULL;
