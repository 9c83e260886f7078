-- Reports and exports (issue 17). A report's figures are recounted from the base tables with the dashboard's rule
-- functions (019), limited to a period and to the dossiers of a product, a region or an expert: these indexes find
-- the rows of a period without reading the others.
CREATE INDEX dossier_events_transitions_idx ON dossier_events (created_at) WHERE to_status IS NOT NULL;
CREATE INDEX dossier_steps_completed_sla_idx ON dossier_steps (completed_at)
  WHERE state = 'completed' AND sla_ms IS NOT NULL;
CREATE INDEX expert_requests_responded_idx ON expert_requests (responded_at) WHERE responded_at IS NOT NULL;
CREATE INDEX reviews_created_idx ON reviews (created_at);

-- A file produced for its owner by a job (a report, a list, a scheduled report's attachment), downloaded by the owner
-- only until it expires. The blob is written under a temporary name and committed complete (platform storage), so a
-- cancelled or failed export leaves no file.
CREATE TABLE report_exports (
  id uuid PRIMARY KEY,
  owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- 'report' (source: a report type) or 'list' (source: a list name).
  kind text NOT NULL CHECK (kind IN ('report', 'list')),
  source text NOT NULL,
  params jsonb NOT NULL,
  format text NOT NULL CHECK (format IN ('pdf', 'xlsx', 'csv')),
  locale text NOT NULL CHECK (locale IN ('fr', 'en')),
  status text NOT NULL CHECK (status IN ('queued', 'running', 'ready', 'failed', 'cancelled')),
  -- Rows written so far and the rows expected (a list), for the progress bar.
  rows_done bigint NOT NULL DEFAULT 0,
  rows_total bigint,
  file_name text,
  blob_key text,
  size_bytes bigint,
  error text,
  created_at timestamptz NOT NULL,
  started_at timestamptz,
  finished_at timestamptz,
  expires_at timestamptz
);
CREATE INDEX report_exports_owner_idx ON report_exports (owner_id, created_at DESC);
CREATE INDEX report_exports_expiry_idx ON report_exports (expires_at) WHERE blob_key IS NOT NULL;

-- A report sent on a schedule (Europe/Paris wall time) to its recipients.
CREATE TABLE report_schedules (
  id uuid PRIMARY KEY,
  owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  report_type text NOT NULL,
  -- Product, region, expert; the period is the last full day, week or month before each run.
  params jsonb NOT NULL,
  format text NOT NULL CHECK (format IN ('pdf', 'xlsx', 'csv')),
  locale text NOT NULL CHECK (locale IN ('fr', 'en')),
  frequency text NOT NULL CHECK (frequency IN ('daily', 'weekly', 'monthly')),
  -- Paris wall time of the run; weekday 1 (Monday) .. 7 for weekly, month_day 1..28 for monthly.
  hour smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
  minute smallint NOT NULL CHECK (minute BETWEEN 0 AND 59),
  weekday smallint CHECK (weekday BETWEEN 1 AND 7),
  month_day smallint CHECK (month_day BETWEEN 1 AND 28),
  recipients text[] NOT NULL CHECK (cardinality(recipients) BETWEEN 1 AND 20),
  name text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  next_run_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK ((frequency = 'weekly') = (weekday IS NOT NULL)),
  CHECK ((frequency = 'monthly') = (month_day IS NOT NULL))
);
CREATE INDEX report_schedules_owner_idx ON report_schedules (owner_id, created_at DESC);
CREATE INDEX report_schedules_due_idx ON report_schedules (next_run_at) WHERE active;

-- One run of a schedule per occurrence (the unique key makes a second sweep of the same occurrence a no-op).
CREATE TABLE report_runs (
  id uuid PRIMARY KEY,
  schedule_id uuid NOT NULL REFERENCES report_schedules (id) ON DELETE CASCADE,
  due_at timestamptz NOT NULL,
  -- ISO days (the Paris days the report covers).
  period_from text NOT NULL,
  period_to text NOT NULL,
  status text NOT NULL CHECK (status IN ('queued', 'running', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  recipients text[] NOT NULL,
  size_bytes bigint,
  -- Attached, or a signed link to the export when the file is over the attachment limit.
  delivery text CHECK (delivery IN ('attachment', 'link')),
  export_id uuid REFERENCES report_exports (id) ON DELETE SET NULL,
  error text,
  started_at timestamptz,
  finished_at timestamptz,
  duration_ms integer,
  UNIQUE (schedule_id, due_at)
);
CREATE INDEX report_runs_schedule_idx ON report_runs (schedule_id, due_at DESC);

-- Files sent with an e-mail: [{ "filename", "contentType", "blobKey" }], read from storage when it is sent.
ALTER TABLE email_messages ADD COLUMN attachments jsonb NOT NULL DEFAULT '[]';
