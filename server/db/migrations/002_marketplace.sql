-- Expert marketplace: rich profiles with a search document, reviews, exact aggregates, expert requests.
--
-- expert_profiles is the search table: besides what the expert edits, it carries copies of what search filters
-- and sorts on (listed, display name, rating, load), kept by triggers, so that a search reads one table through
-- its indexes. expert_stats holds the exact aggregates; triggers on reviews and dossiers change them by deltas
-- (UPDATE … SET n = n + d takes the row lock), which stays exact under concurrent writes.

ALTER TABLE expert_profiles
  ADD COLUMN headline text NOT NULL DEFAULT '',
  ADD COLUMN city text NOT NULL DEFAULT '',
  ADD COLUMN department text CHECK (department ~ '^(\d{2}|2A|2B|97\d)$'),
  ADD COLUMN avatar_url text,
  ADD COLUMN certifications text[] NOT NULL DEFAULT '{}',
  ADD COLUMN years_by_product jsonb NOT NULL DEFAULT '{}',
  ADD COLUMN fee_model text NOT NULL DEFAULT 'commission' CHECK (fee_model IN ('commission', 'day_rate')),
  ADD COLUMN commission_percent numeric(5, 2) DEFAULT 30 CHECK (commission_percent > 0 AND commission_percent <= 100),
  ADD COLUMN day_rate_cents bigint CHECK (day_rate_cents > 0),
  ADD COLUMN capacity integer NOT NULL DEFAULT 10 CHECK (capacity BETWEEN 0 AND 1000),
  ADD COLUMN verified boolean NOT NULL DEFAULT false,
  ADD COLUMN verified_at timestamptz,
  ADD COLUMN median_response_minutes integer CHECK (median_response_minutes >= 0),
  ADD COLUMN years_experience integer NOT NULL DEFAULT 0 CHECK (years_experience BETWEEN 0 AND 70),
  -- Copies kept by triggers (users → listed, display_name; expert_stats → the four figures below).
  ADD COLUMN listed boolean NOT NULL DEFAULT false,
  ADD COLUMN display_name text NOT NULL DEFAULT '',
  ADD COLUMN review_count integer NOT NULL DEFAULT 0,
  ADD COLUMN rating_avg numeric(3, 2),
  -- Bayesian average with a prior of 10 reviews at 4.0: 1 review of 5 stars does not beat 200 of 4.8.
  ADD COLUMN rating_score numeric(7, 5) NOT NULL DEFAULT 4.0,
  ADD COLUMN active_load integer NOT NULL DEFAULT 0,
  ADD COLUMN search_document tsvector,
  ADD COLUMN search_text text NOT NULL DEFAULT '',
  -- Sort keys: commission experts by percent, then day-rate experts by rate; unknown response times last.
  ADD COLUMN fee_sort numeric GENERATED ALWAYS AS (
    CASE WHEN fee_model = 'commission' THEN coalesce(commission_percent, 100)
         ELSE 1000 + coalesce(day_rate_cents, 100000000) / 100.0 END) STORED,
  ADD COLUMN response_sort integer GENERATED ALWAYS AS (coalesce(median_response_minutes, 1000000)) STORED,
  ADD CONSTRAINT expert_profiles_fee_check CHECK (
    (fee_model = 'commission' AND commission_percent IS NOT NULL AND day_rate_cents IS NULL) OR
    (fee_model = 'day_rate' AND day_rate_cents IS NOT NULL AND commission_percent IS NULL));

-- The search document: French stemming over accent-folded text; the trigram text for typos.
CREATE FUNCTION expert_profiles_search_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  product_names text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT u.first_name || ' ' || u.last_name, u.status = 'active' AND u.role = 'expert'
      INTO NEW.display_name, NEW.listed
      FROM users u WHERE u.id = NEW.user_id;
  END IF;
  SELECT coalesce(string_agg(p.name, ' '), '') INTO product_names FROM products p WHERE p.code = ANY (NEW.specialties);
  NEW.search_document :=
    setweight(to_tsvector('french', unaccent(NEW.display_name)), 'A') ||
    setweight(to_tsvector('french', unaccent(array_to_string(NEW.specialties, ' ') || ' ' || product_names)), 'A') ||
    setweight(to_tsvector('french', unaccent(
      NEW.headline || ' ' || array_to_string(NEW.certifications, ' ') || ' ' || NEW.city)), 'B') ||
    setweight(to_tsvector('french', unaccent(NEW.bio)), 'C');
  NEW.search_text := lower(unaccent(concat_ws(' ', NEW.display_name, NEW.city, NEW.headline,
    array_to_string(NEW.specialties, ' '), product_names, array_to_string(NEW.certifications, ' '))));
  RETURN NEW;
END $$;

CREATE TRIGGER expert_profiles_search_refresh
  BEFORE INSERT OR UPDATE OF display_name, headline, bio, specialties, certifications, city ON expert_profiles
  FOR EACH ROW EXECUTE FUNCTION expert_profiles_search_refresh();

-- An expert's name and status live in users: keep the copies in step.
CREATE FUNCTION users_expert_profile_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE expert_profiles
     SET display_name = NEW.first_name || ' ' || NEW.last_name,
         listed = NEW.status = 'active'
   WHERE user_id = NEW.id
     AND (display_name IS DISTINCT FROM NEW.first_name || ' ' || NEW.last_name OR listed IS DISTINCT FROM (NEW.status = 'active'));
  RETURN NULL;
END $$;

CREATE TRIGGER users_expert_profile_sync
  AFTER UPDATE OF status, first_name, last_name ON users
  FOR EACH ROW WHEN (NEW.role = 'expert') EXECUTE FUNCTION users_expert_profile_sync();

UPDATE expert_profiles SET display_name = u.first_name || ' ' || u.last_name, listed = u.status = 'active'
  FROM users u WHERE u.id = expert_profiles.user_id;

CREATE INDEX expert_profiles_search_idx ON expert_profiles USING gin (search_document);

-- Typo tolerance: a dictionary of the distinct words of all profiles, trigram-indexed. A query word that matches
-- nothing is replaced by its closest dictionary word ("comptabel" → "comptable"), then searched as usual. Trigram
-- matching on the profiles themselves would recheck every long text sharing a few trigrams (tens of thousands of
-- rows at national scale); the dictionary stays small (thousands of words).
CREATE TABLE search_words (word text PRIMARY KEY);
CREATE INDEX search_words_trgm_idx ON search_words USING gin (word gin_trgm_ops);

CREATE FUNCTION expert_profiles_words() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO search_words (word)
  SELECT DISTINCT w FROM regexp_split_to_table(NEW.search_text || ' ' || lower(unaccent(NEW.bio)), '[^a-z0-9]+') w
  WHERE length(w) BETWEEN 3 AND 40
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER expert_profiles_words_insert
  AFTER INSERT ON expert_profiles FOR EACH ROW EXECUTE FUNCTION expert_profiles_words();
CREATE TRIGGER expert_profiles_words_update
  AFTER UPDATE ON expert_profiles FOR EACH ROW
  WHEN (OLD.search_text IS DISTINCT FROM NEW.search_text OR OLD.bio IS DISTINCT FROM NEW.bio)
  EXECUTE FUNCTION expert_profiles_words();

INSERT INTO search_words (word)
SELECT DISTINCT w FROM expert_profiles, regexp_split_to_table(search_text || ' ' || lower(unaccent(bio)), '[^a-z0-9]+') w
WHERE length(w) BETWEEN 3 AND 40
ON CONFLICT DO NOTHING;
CREATE INDEX expert_profiles_specialties_idx ON expert_profiles USING gin (specialties) WHERE listed;
CREATE INDEX expert_profiles_regions_idx ON expert_profiles USING gin (regions) WHERE listed;
CREATE INDEX expert_profiles_languages_idx ON expert_profiles USING gin (languages) WHERE listed;
CREATE INDEX expert_profiles_department_idx ON expert_profiles (department, rating_score DESC, user_id DESC) WHERE listed;
CREATE INDEX expert_profiles_rating_idx ON expert_profiles (rating_score DESC, user_id DESC) WHERE listed;
CREATE INDEX expert_profiles_experience_idx ON expert_profiles (years_experience DESC, user_id DESC) WHERE listed;
CREATE INDEX expert_profiles_fee_idx ON expert_profiles (fee_sort, user_id) WHERE listed;
CREATE INDEX expert_profiles_response_idx ON expert_profiles (response_sort, user_id) WHERE listed;

-- Reviews: one per dossier, by the client company of that dossier.
CREATE TABLE reviews (
  id uuid PRIMARY KEY,
  dossier_id uuid NOT NULL UNIQUE REFERENCES dossiers (id),
  expert_id uuid NOT NULL REFERENCES users (id),
  company_id uuid NOT NULL REFERENCES companies (id),
  author_id uuid NOT NULL REFERENCES users (id),
  rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  communication smallint NOT NULL CHECK (communication BETWEEN 1 AND 5),
  expertise smallint NOT NULL CHECK (expertise BETWEEN 1 AND 5),
  speed smallint NOT NULL CHECK (speed BETWEEN 1 AND 5),
  text text NOT NULL DEFAULT '',
  reply text,
  replied_at timestamptz,
  hidden boolean NOT NULL DEFAULT false,
  hidden_reason text,
  hidden_at timestamptz,
  hidden_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK ((reply IS NULL) = (replied_at IS NULL)),
  CHECK (NOT hidden OR hidden_reason IS NOT NULL)
);
CREATE INDEX reviews_expert_visible_idx ON reviews (expert_id, id DESC) WHERE NOT hidden;
CREATE INDEX reviews_expert_idx ON reviews (expert_id, id DESC);

-- Exact aggregates per expert (non-hidden reviews; dossiers from the platform).
CREATE TABLE expert_stats (
  expert_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  review_count integer NOT NULL DEFAULT 0,
  rating_sum bigint NOT NULL DEFAULT 0,
  stars1 integer NOT NULL DEFAULT 0,
  stars2 integer NOT NULL DEFAULT 0,
  stars3 integer NOT NULL DEFAULT 0,
  stars4 integer NOT NULL DEFAULT 0,
  stars5 integer NOT NULL DEFAULT 0,
  communication_sum bigint NOT NULL DEFAULT 0,
  expertise_sum bigint NOT NULL DEFAULT 0,
  speed_sum bigint NOT NULL DEFAULT 0,
  completed_dossiers integer NOT NULL DEFAULT 0,
  refused_dossiers integer NOT NULL DEFAULT 0,
  recovered_cents bigint NOT NULL DEFAULT 0,
  active_load integer NOT NULL DEFAULT 0,
  CHECK (review_count >= 0 AND active_load >= 0 AND review_count = stars1 + stars2 + stars3 + stars4 + stars5)
);

-- The same outcome figures per product, for recommendations ("past outcomes on that product").
CREATE TABLE expert_product_stats (
  expert_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  product_code text NOT NULL REFERENCES products (code),
  completed_dossiers integer NOT NULL DEFAULT 0,
  refused_dossiers integer NOT NULL DEFAULT 0,
  recovered_cents bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (expert_id, product_code)
);
CREATE INDEX expert_product_stats_product_idx ON expert_product_stats (product_code, expert_id);

-- Deltas go through UPDATE (row lock: exact under concurrency) on a row created first if missing; an INSERT …
-- ON CONFLICT would check the constraints on the negative delta itself.
CREATE FUNCTION expert_stats_apply_review(
  p_expert uuid, p_sign integer, p_rating integer, p_communication integer, p_expertise integer, p_speed integer
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO expert_stats (expert_id) VALUES (p_expert) ON CONFLICT DO NOTHING;
  UPDATE expert_stats SET
    review_count = review_count + p_sign,
    rating_sum = rating_sum + p_sign * p_rating,
    stars1 = stars1 + CASE WHEN p_rating = 1 THEN p_sign ELSE 0 END,
    stars2 = stars2 + CASE WHEN p_rating = 2 THEN p_sign ELSE 0 END,
    stars3 = stars3 + CASE WHEN p_rating = 3 THEN p_sign ELSE 0 END,
    stars4 = stars4 + CASE WHEN p_rating = 4 THEN p_sign ELSE 0 END,
    stars5 = stars5 + CASE WHEN p_rating = 5 THEN p_sign ELSE 0 END,
    communication_sum = communication_sum + p_sign * p_communication,
    expertise_sum = expertise_sum + p_sign * p_expertise,
    speed_sum = speed_sum + p_sign * p_speed
  WHERE expert_id = p_expert;
END $$;

CREATE FUNCTION reviews_stats_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND NOT OLD.hidden THEN
    PERFORM expert_stats_apply_review(OLD.expert_id, -1, OLD.rating, OLD.communication, OLD.expertise, OLD.speed);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NOT NEW.hidden THEN
    PERFORM expert_stats_apply_review(NEW.expert_id, 1, NEW.rating, NEW.communication, NEW.expertise, NEW.speed);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER reviews_stats
  AFTER INSERT OR DELETE OR UPDATE OF hidden, rating, communication, expertise, speed, expert_id ON reviews
  FOR EACH ROW EXECUTE FUNCTION reviews_stats_trigger();

-- What one dossier contributes to its expert's outcome figures.
CREATE FUNCTION expert_stats_apply_dossier(p_expert uuid, p_product text, p_status text, p_obtained bigint, p_sign integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  v_active integer := CASE WHEN p_status IN ('expert_assigned', 'documents_pending', 'audit_in_progress',
                            'audit_proposed', 'submitted', 'administration_decided') THEN p_sign ELSE 0 END;
  v_completed integer := CASE WHEN p_status IN ('refunded', 'closed') THEN p_sign ELSE 0 END;
  v_refused integer := CASE WHEN p_status = 'refused' THEN p_sign ELSE 0 END;
  v_recovered bigint := CASE WHEN p_status IN ('refunded', 'closed') THEN p_sign * coalesce(p_obtained, 0) ELSE 0 END;
BEGIN
  IF p_expert IS NULL OR (v_active = 0 AND v_completed = 0 AND v_refused = 0) THEN
    RETURN;
  END IF;
  INSERT INTO expert_stats (expert_id) VALUES (p_expert) ON CONFLICT DO NOTHING;
  UPDATE expert_stats SET
    active_load = active_load + v_active,
    completed_dossiers = completed_dossiers + v_completed,
    refused_dossiers = refused_dossiers + v_refused,
    recovered_cents = recovered_cents + v_recovered
  WHERE expert_id = p_expert;
  IF v_completed <> 0 OR v_refused <> 0 THEN
    INSERT INTO expert_product_stats (expert_id, product_code) VALUES (p_expert, p_product) ON CONFLICT DO NOTHING;
    UPDATE expert_product_stats SET
      completed_dossiers = completed_dossiers + v_completed,
      refused_dossiers = refused_dossiers + v_refused,
      recovered_cents = recovered_cents + v_recovered
    WHERE expert_id = p_expert AND product_code = p_product;
  END IF;
END $$;

CREATE FUNCTION dossiers_stats_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM expert_stats_apply_dossier(OLD.expert_id, OLD.product_code, OLD.status, OLD.obtained_cents, -1);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM expert_stats_apply_dossier(NEW.expert_id, NEW.product_code, NEW.status, NEW.obtained_cents, 1);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER dossiers_stats
  AFTER INSERT OR DELETE OR UPDATE OF status, expert_id, obtained_cents, product_code ON dossiers
  FOR EACH ROW EXECUTE FUNCTION dossiers_stats_trigger();

-- The search table's copies of the figures it filters and sorts on.
CREATE FUNCTION expert_stats_copy_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE expert_profiles
     SET review_count = NEW.review_count,
         rating_avg = CASE WHEN NEW.review_count > 0 THEN round(NEW.rating_sum::numeric / NEW.review_count, 2) END,
         rating_score = round((NEW.rating_sum + 40.0) / (NEW.review_count + 10), 5),
         active_load = NEW.active_load
   WHERE user_id = NEW.expert_id;
  RETURN NULL;
END $$;

CREATE TRIGGER expert_stats_copy
  AFTER INSERT OR UPDATE OF review_count, rating_sum, active_load ON expert_stats
  FOR EACH ROW EXECUTE FUNCTION expert_stats_copy_trigger();

CREATE FUNCTION expert_profiles_stats_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO expert_stats (expert_id) VALUES (NEW.user_id) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER expert_profiles_stats_row
  AFTER INSERT ON expert_profiles FOR EACH ROW EXECUTE FUNCTION expert_profiles_stats_row();

-- Dossiers that exist before this migration.
INSERT INTO expert_stats (expert_id) SELECT user_id FROM expert_profiles ON CONFLICT DO NOTHING;
SELECT expert_stats_apply_dossier(expert_id, product_code, status, obtained_cents, 1) FROM dossiers WHERE expert_id IS NOT NULL;

-- A client asks an expert to take a dossier; the expert accepts or declines.
CREATE TABLE expert_requests (
  id uuid PRIMARY KEY,
  dossier_id uuid NOT NULL REFERENCES dossiers (id),
  expert_id uuid NOT NULL REFERENCES users (id),
  company_id uuid NOT NULL REFERENCES companies (id),
  requested_by uuid NOT NULL REFERENCES users (id),
  status text NOT NULL CHECK (status IN ('requested', 'accepted', 'declined', 'cancelled')),
  message text,
  reason text,
  created_at timestamptz NOT NULL,
  responded_at timestamptz,
  CHECK (status <> 'declined' OR reason IS NOT NULL)
);
CREATE UNIQUE INDEX expert_requests_open_idx ON expert_requests (dossier_id) WHERE status = 'requested';
CREATE INDEX expert_requests_dossier_idx ON expert_requests (dossier_id, id DESC);
CREATE INDEX expert_requests_expert_idx ON expert_requests (expert_id, id DESC);
CREATE INDEX expert_requests_company_idx ON expert_requests (company_id, id DESC);

-- Recommendations: the part of an expert's score that does not depend on the dossier's company (years on the
-- product 20, Bayesian rating 20, response time 10, outcomes on the product 15: at most 65), per listed expert,
-- product and region (and region '*' for all), kept by triggers. A recommendation reads two streams in this order,
-- the experts of the company's region and all experts, and stops once no unread expert can catch up: the rest of
-- the score adds at most 35 in the region (region 20, language 5, free capacity 10), 15 outside.
CREATE TABLE expert_reco_scores (
  product_code text NOT NULL,
  region text NOT NULL,
  expert_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  static_score numeric(6, 2) NOT NULL,
  PRIMARY KEY (product_code, region, expert_id)
);
CREATE INDEX expert_reco_scores_rank_idx ON expert_reco_scores (product_code, region, static_score DESC, expert_id);
CREATE INDEX expert_reco_scores_expert_idx ON expert_reco_scores (expert_id);

CREATE FUNCTION expert_response_points(minutes integer) RETURNS integer IMMUTABLE LANGUAGE sql AS $$
  SELECT CASE WHEN minutes IS NULL THEN 0 WHEN minutes <= 60 THEN 10 WHEN minutes <= 120 THEN 8
              WHEN minutes <= 240 THEN 6 WHEN minutes <= 1440 THEN 3 ELSE 0 END
$$;

CREATE FUNCTION expert_static_score(years integer, rating_score numeric, response_minutes integer,
                                    completed integer, refused integer) RETURNS numeric IMMUTABLE LANGUAGE sql AS $$
  SELECT 20 * least(years, 15) / 15.0
       + 20 * (rating_score - 1) / 4.0
       + expert_response_points(response_minutes)
       + 10 * least(completed, 20) / 20.0
       + CASE WHEN completed + refused > 0 THEN 5.0 * completed / (completed + refused) ELSE 0 END
$$;

CREATE FUNCTION expert_reco_refresh(p_expert uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM expert_reco_scores WHERE expert_id = p_expert;
  INSERT INTO expert_reco_scores (product_code, region, expert_id, static_score)
  SELECT s.code, r.region, p.user_id, round(expert_static_score(coalesce((p.years_by_product ->> s.code)::int, 0),
           p.rating_score, p.median_response_minutes, coalesce(ps.completed_dossiers, 0),
           coalesce(ps.refused_dossiers, 0)), 2)
  FROM expert_profiles p
  CROSS JOIN unnest(p.specialties) AS s (code)
  CROSS JOIN unnest(p.regions || '{*}'::text[]) AS r (region)
  LEFT JOIN expert_product_stats ps ON ps.expert_id = p.user_id AND ps.product_code = s.code
  WHERE p.user_id = p_expert AND p.listed
  ON CONFLICT DO NOTHING;
END $$;

CREATE FUNCTION expert_reco_profile_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM expert_reco_refresh(NEW.user_id);
  RETURN NULL;
END $$;

CREATE FUNCTION expert_reco_stats_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM expert_reco_refresh(NEW.expert_id);
  RETURN NULL;
END $$;

CREATE TRIGGER expert_reco_profile_insert
  AFTER INSERT ON expert_profiles FOR EACH ROW EXECUTE FUNCTION expert_reco_profile_trigger();
CREATE TRIGGER expert_reco_profile_update
  AFTER UPDATE ON expert_profiles FOR EACH ROW
  WHEN ((OLD.listed, OLD.rating_score, OLD.specialties, OLD.regions, OLD.years_by_product, OLD.median_response_minutes)
        IS DISTINCT FROM
        (NEW.listed, NEW.rating_score, NEW.specialties, NEW.regions, NEW.years_by_product, NEW.median_response_minutes))
  EXECUTE FUNCTION expert_reco_profile_trigger();
CREATE TRIGGER expert_reco_product_stats
  AFTER INSERT OR UPDATE ON expert_product_stats FOR EACH ROW EXECUTE FUNCTION expert_reco_stats_trigger();

SELECT expert_reco_refresh(user_id) FROM expert_profiles WHERE listed;
