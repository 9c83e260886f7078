-- A client who registers with the SIREN of a company already on the platform asks to join it: the account waits
-- (status pending, no company yet) until an admin approves the request (the account joins the company) or rejects
-- it (the account is rejected, with the reason).

-- A client belongs to a company once active; a client waiting for (or refused) membership has none yet.
ALTER TABLE users DROP CONSTRAINT users_check;
ALTER TABLE users ADD CONSTRAINT users_company_check CHECK (
  CASE WHEN role = 'client' THEN company_id IS NOT NULL OR status <> 'active' ELSE company_id IS NULL END
);

CREATE TABLE company_join_requests (
  id uuid PRIMARY KEY,
  company_id uuid NOT NULL REFERENCES companies (id),
  user_id uuid NOT NULL REFERENCES users (id),
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  reason text,
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  created_at timestamptz NOT NULL,
  CHECK ((status = 'pending') = (decided_at IS NULL)),
  CHECK (status <> 'rejected' OR reason IS NOT NULL)
);
-- One request per account: it is made at registration.
CREATE UNIQUE INDEX company_join_requests_user_idx ON company_join_requests (user_id);
CREATE INDEX company_join_requests_status_idx ON company_join_requests (status, id DESC);
CREATE INDEX company_join_requests_company_idx ON company_join_requests (company_id, id DESC);
