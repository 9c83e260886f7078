CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE companies (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  siren char(9) NOT NULL UNIQUE,
  sector text NOT NULL,
  size text NOT NULL,
  region text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id uuid PRIMARY KEY,
  email text NOT NULL UNIQUE CHECK (email = lower(email)),
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('client', 'expert', 'admin')),
  status text NOT NULL CHECK (status IN ('active', 'pending', 'rejected', 'suspended')),
  status_reason text,
  first_name text NOT NULL,
  last_name text NOT NULL,
  company_id uuid REFERENCES companies (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'client') = (company_id IS NOT NULL))
);
CREATE INDEX users_company_idx ON users (company_id);
CREATE INDEX users_role_status_idx ON users (role, status, id DESC);

CREATE TABLE expert_profiles (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  specialties text[] NOT NULL,
  regions text[] NOT NULL,
  languages text[] NOT NULL,
  bio text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE refresh_tokens (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  family_id uuid NOT NULL,
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);

CREATE TABLE products (
  code text PRIMARY KEY,
  name text NOT NULL,
  description text NOT NULL,
  questions jsonb NOT NULL,
  rules jsonb NOT NULL,
  document_categories text[] NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT true,
  sort_order integer NOT NULL DEFAULT 0
);

CREATE TABLE simulations (
  id uuid PRIMARY KEY,
  user_id uuid REFERENCES users (id),
  answers jsonb NOT NULL,
  results jsonb NOT NULL,
  total_estimated_cents bigint NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX simulations_user_idx ON simulations (user_id);

CREATE SEQUENCE dossier_reference_seq;

CREATE TABLE dossiers (
  id uuid PRIMARY KEY,
  reference text NOT NULL UNIQUE DEFAULT ('FT-' || lpad(nextval('dossier_reference_seq')::text, 7, '0')),
  company_id uuid NOT NULL REFERENCES companies (id),
  product_code text NOT NULL REFERENCES products (code),
  status text NOT NULL CHECK (status IN (
    'draft', 'pre_eligibility_pending', 'pre_eligibility_review', 'eligible', 'expert_pending', 'expert_assigned',
    'documents_pending', 'audit_in_progress', 'audit_proposed', 'submitted', 'administration_decided', 'refunded',
    'closed', 'not_eligible', 'refused', 'cancelled')),
  expert_id uuid REFERENCES users (id),
  estimated_cents bigint CHECK (estimated_cents >= 0),
  audited_cents bigint CHECK (audited_cents >= 0),
  granted_cents bigint CHECK (granted_cents >= 0),
  obtained_cents bigint CHECK (obtained_cents >= 0),
  administration_reference text,
  simulation_id uuid REFERENCES simulations (id),
  created_by uuid REFERENCES users (id),
  status_changed_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX dossiers_company_idx ON dossiers (company_id, id DESC);
CREATE INDEX dossiers_expert_idx ON dossiers (expert_id, id DESC) WHERE expert_id IS NOT NULL;
CREATE INDEX dossiers_status_idx ON dossiers (status, id DESC);
CREATE INDEX dossiers_product_idx ON dossiers (product_code, id DESC);

CREATE TABLE dossier_events (
  id uuid PRIMARY KEY,
  dossier_id uuid NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  actor_id uuid REFERENCES users (id),
  type text NOT NULL,
  from_status text,
  to_status text,
  note text,
  created_at timestamptz NOT NULL
);
CREATE INDEX dossier_events_dossier_idx ON dossier_events (dossier_id, id);

CREATE TABLE audit_log (
  id uuid PRIMARY KEY,
  actor_id uuid REFERENCES users (id),
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id uuid NOT NULL,
  before jsonb,
  after jsonb,
  created_at timestamptz NOT NULL
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id, id);
