-- The admins' users list (issue 16): one row per user holding what the list searches and sorts on, kept by triggers
-- whatever code path changes a user, its company, or signs it in. See users-list.repo.ts for the queries.

-- Names, e-mails, companies and SIRENs are not French prose: no stemming, accents folded ("Héloïse" is found by
-- "helo"), every word matched by prefix as the admin types.
CREATE TEXT SEARCH CONFIGURATION admin_user_search (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION admin_user_search
  ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, simple;

-- The words of a user: the e-mail whole and cut at its separators ("claire.dupont@x.fr" is found by "dupont").
CREATE FUNCTION admin_user_document(first_name text, last_name text, email text, company text, siren text)
  RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT to_tsvector('public.admin_user_search'::regconfig, concat_ws(' ', first_name, last_name, email,
                 regexp_replace(email, '[@._+-]+', ' ', 'g'), company, siren)) $$;

CREATE TABLE admin_user_search (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  document tsvector NOT NULL,
  -- The name as the list sorts it: last name then first name, accents and case folded.
  sort_name text NOT NULL,
  -- The latest of: registration, each sign-in or session renewal (every few minutes while the app is open), the
  -- last socket disconnection.
  last_activity_at timestamptz NOT NULL
);
CREATE INDEX admin_user_search_document_idx ON admin_user_search USING gin (document);
CREATE INDEX admin_user_search_name_idx ON admin_user_search (sort_name, user_id);
CREATE INDEX admin_user_search_activity_idx ON admin_user_search (last_activity_at DESC, user_id DESC);
CREATE INDEX users_created_idx ON users (created_at DESC, id DESC);
-- A user's audit trail: what they did (the entity index serves what was done to them).
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, id) WHERE actor_id IS NOT NULL;

-- New users by statement (one set-based insert, whatever the number of rows: demo and benchmark data insert them by
-- the thousand); a changed name, e-mail or company by row.
CREATE FUNCTION admin_user_search_on_users_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO admin_user_search (user_id, document, sort_name, last_activity_at)
  -- The company by its key for each user (a join would hash every company: the transition table has no statistics).
  SELECT u.id,
         admin_user_document(u.first_name, u.last_name, u.email,
                             (SELECT c.name || ' ' || c.siren FROM companies c WHERE c.id = u.company_id), NULL),
         lower(public.unaccent(u.last_name || ' ' || u.first_name)), u.created_at
  FROM new_users u;
  RETURN NULL;
END $$;
CREATE TRIGGER admin_user_search_users_inserted AFTER INSERT ON users
  REFERENCING NEW TABLE AS new_users FOR EACH STATEMENT EXECUTE FUNCTION admin_user_search_on_users_inserted();

CREATE FUNCTION admin_user_search_on_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE admin_user_search
  SET document = admin_user_document(NEW.first_name, NEW.last_name, NEW.email,
                                     (SELECT c.name || ' ' || c.siren FROM companies c WHERE c.id = NEW.company_id), NULL),
      sort_name = lower(public.unaccent(NEW.last_name || ' ' || NEW.first_name))
  WHERE user_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER admin_user_search_user_changed AFTER UPDATE OF first_name, last_name, email, company_id ON users
  FOR EACH ROW EXECUTE FUNCTION admin_user_search_on_user_changed();

CREATE FUNCTION admin_user_search_on_company() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE admin_user_search s
  SET document = admin_user_document(u.first_name, u.last_name, u.email, NEW.name, NEW.siren)
  FROM users u WHERE u.company_id = NEW.id AND s.user_id = u.id;
  RETURN NULL;
END $$;
CREATE TRIGGER admin_user_search_company AFTER UPDATE OF name, siren ON companies
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.siren IS DISTINCT FROM NEW.siren)
  EXECUTE FUNCTION admin_user_search_on_company();

-- Activity only moves forward: a back-dated insert (demo data) leaves a later activity as it is.
CREATE FUNCTION admin_user_search_on_session() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE admin_user_search SET last_activity_at = NEW.created_at
  WHERE user_id = NEW.user_id AND last_activity_at < NEW.created_at;
  RETURN NULL;
END $$;
CREATE TRIGGER admin_user_search_session AFTER INSERT ON refresh_tokens
  FOR EACH ROW EXECUTE FUNCTION admin_user_search_on_session();
CREATE FUNCTION admin_user_search_on_presence() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE admin_user_search SET last_activity_at = NEW.last_seen_at
  WHERE user_id = NEW.user_id AND last_activity_at < NEW.last_seen_at;
  RETURN NULL;
END $$;
CREATE TRIGGER admin_user_search_presence AFTER INSERT OR UPDATE OF last_seen_at ON user_presence
  FOR EACH ROW EXECUTE FUNCTION admin_user_search_on_presence();

INSERT INTO admin_user_search (user_id, document, sort_name, last_activity_at)
SELECT u.id, admin_user_document(u.first_name, u.last_name, u.email, c.name, c.siren),
       lower(public.unaccent(u.last_name || ' ' || u.first_name)),
       greatest(u.created_at, (SELECT max(r.created_at) FROM refresh_tokens r WHERE r.user_id = u.id),
                (SELECT p.last_seen_at FROM user_presence p WHERE p.user_id = u.id))
FROM users u LEFT JOIN companies c ON c.id = u.company_id;
