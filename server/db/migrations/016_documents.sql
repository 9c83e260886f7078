-- Documents (issue 14): the files of a dossier, their versions and reviews, what experts ask clients for, who read
-- what, and the text found inside each version for full-text search.

-- Document categories are codes (common/document-categories.ts names them in French and English); the products
-- list the codes they require.
UPDATE products p SET document_categories = ARRAY(
  SELECT coalesce(m.code, 'other')
  FROM unnest(p.document_categories) WITH ORDINALITY AS c(label, n)
  LEFT JOIN (VALUES
    ('Kbis', 'kbis'),
    ('Cartes grises', 'vehicle_registrations'),
    ('Factures de carburant', 'fuel_invoices'),
    ('Relevés de cartes carburant', 'fuel_card_statements'),
    ('DSN', 'dsn'),
    ('Bulletins de paie', 'payslips'),
    ('Relevés URSSAF', 'urssaf_statements'),
    ('Notification de taux AT/MP', 'atmp_rate_notice'),
    ('Convention collective', 'collective_agreement'),
    ('Avis de taxe foncière', 'property_tax_notice'),
    ('Acte de propriété ou bail', 'property_deed_or_lease'),
    ('Plans des locaux', 'premises_plans'),
    ('Relevés MSA', 'msa_statements'),
    ('Devis des travaux', 'works_quotes'),
    ('Factures des travaux', 'works_invoices'),
    ('Fiches techniques', 'technical_sheets'),
    ('Factures d''énergie', 'energy_invoices'),
    ('Contrats de fourniture', 'supply_contracts')
  ) AS m(label, code) ON m.label = c.label
  ORDER BY c.n
);

-- A document of a dossier: one category, a chain of versions, the current one explicit. Its review status is the
-- current version's (kept here for the checklist and the filters).
CREATE TABLE documents (
  id uuid PRIMARY KEY,
  dossier_id uuid NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  category text NOT NULL,
  title text NOT NULL,
  current_version_id uuid,
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX documents_dossier_idx ON documents (dossier_id, category, created_at);
CREATE INDEX documents_recent_idx ON documents (updated_at DESC, id DESC);

-- Every version kept: who, when, size, hash, comment; each reviewed once (pending, then approved or rejected).
CREATE TABLE document_versions (
  id uuid PRIMARY KEY,
  document_id uuid NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  -- The dossier again, so that "this file is already in the dossier" is one index lookup.
  dossier_id uuid NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  version integer NOT NULL CHECK (version > 0),
  storage_key text NOT NULL UNIQUE,
  filename text NOT NULL,
  mime_type text NOT NULL,
  size_bytes bigint NOT NULL CHECK (size_bytes > 0),
  -- Of the plain bytes (before encryption), hex.
  sha256 text NOT NULL,
  encrypted boolean NOT NULL,
  comment text,
  uploaded_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  review_status text NOT NULL DEFAULT 'pending' CHECK (review_status IN ('pending', 'approved', 'rejected')),
  reviewed_by uuid REFERENCES users (id),
  reviewed_at timestamptz,
  review_reason text,
  CHECK ((review_status = 'rejected') = (review_reason IS NOT NULL)),
  -- Text extraction: 'pending' (queued), 'done', 'failed' (error kept), 'not_extracted' (no extractor or no OCR).
  extraction_status text NOT NULL DEFAULT 'pending'
    CHECK (extraction_status IN ('pending', 'done', 'failed', 'not_extracted')),
  extraction_error text,
  extracted_at timestamptz,
  page_count integer,
  UNIQUE (document_id, version)
);
CREATE INDEX document_versions_hash_idx ON document_versions (dossier_id, sha256);
ALTER TABLE documents ADD CONSTRAINT documents_current_version_fk
  FOREIGN KEY (current_version_id) REFERENCES document_versions (id) DEFERRABLE INITIALLY DEFERRED;

-- What an expert (or an admin) asks a client to hand over, with a note and a due date.
CREATE TABLE document_requests (
  id uuid PRIMARY KEY,
  dossier_id uuid NOT NULL REFERENCES dossiers (id) ON DELETE CASCADE,
  category text NOT NULL,
  note text,
  due_at timestamptz,
  status text NOT NULL CHECK (status IN ('open', 'fulfilled', 'cancelled')),
  -- The document that answered it.
  document_id uuid REFERENCES documents (id) ON DELETE SET NULL,
  requested_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  closed_at timestamptz,
  -- Set once the overdue event was published (alerts and reminders subscribe).
  overdue_notified_at timestamptz
);
CREATE INDEX document_requests_dossier_idx ON document_requests (dossier_id, created_at);
CREATE INDEX document_requests_open_due_idx ON document_requests (due_at) WHERE status = 'open';

-- Who viewed or downloaded what. No foreign key to the document: the log outlives a deleted document.
CREATE TABLE document_access_log (
  id uuid PRIMARY KEY,
  document_id uuid NOT NULL,
  version_id uuid NOT NULL,
  dossier_id uuid NOT NULL,
  user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  action text NOT NULL CHECK (action IN ('preview', 'download')),
  via text NOT NULL CHECK (via IN ('route', 'signed_link')),
  ip text,
  user_agent text,
  at timestamptz NOT NULL
);
CREATE INDEX document_access_log_document_idx ON document_access_log (document_id, at DESC);
CREATE INDEX document_access_log_dossier_idx ON document_access_log (dossier_id, at DESC);

-- The text found inside a version, page by page (page 1 for formats without pages), indexed for French search with
-- the configuration messaging uses (stemmed, accents folded).
CREATE TABLE document_pages (
  version_id uuid NOT NULL REFERENCES document_versions (id) ON DELETE CASCADE,
  page integer NOT NULL CHECK (page > 0),
  text text NOT NULL,
  PRIMARY KEY (version_id, page)
);
