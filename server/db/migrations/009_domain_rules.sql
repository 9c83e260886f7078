-- The typo dictionary ("did you mean") holds only the words of listed profiles: a pending, rejected or suspended
-- expert's words must not be suggested to the public. Each word counts the listed profiles that hold it; the
-- trigger moves the counts when a profile's text changes, when it enters or leaves the marketplace (approval,
-- suspension: `listed` is kept by users_expert_profile_sync) and when it is deleted. A word at zero is removed.

-- The words of a profile as the dictionary holds them: distinct, sorted, 3 to 40 letters or digits.
CREATE FUNCTION expert_profile_words(p_search_text text, p_bio text) RETURNS text[]
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT w ORDER BY w), '{}')
  FROM regexp_split_to_table(p_search_text || ' ' || lower(public.unaccent(p_bio)), '[^a-z0-9]+') w
  WHERE length(w) BETWEEN 3 AND 40
$$;

ALTER TABLE search_words ADD COLUMN profiles integer NOT NULL DEFAULT 0;
DELETE FROM search_words;
INSERT INTO search_words (word, profiles)
SELECT w, count(*) FROM expert_profiles, unnest(expert_profile_words(search_text, bio)) w
WHERE listed
GROUP BY w;

CREATE OR REPLACE FUNCTION expert_profiles_words() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_words text[] := '{}';
  new_words text[] := '{}';
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.listed THEN old_words := expert_profile_words(OLD.search_text, OLD.bio); END IF;
  IF TG_OP <> 'DELETE' AND NEW.listed THEN new_words := expert_profile_words(NEW.search_text, NEW.bio); END IF;
  -- One statement in word order: concurrent profile changes lock shared words in the same order (no deadlock).
  INSERT INTO search_words AS s (word, profiles)
  SELECT w, sum(d)::int
  FROM (SELECT unnest(new_words) AS w, 1 AS d UNION ALL SELECT unnest(old_words), -1) delta
  GROUP BY w
  HAVING sum(d) <> 0
  ORDER BY w
  ON CONFLICT (word) DO UPDATE SET profiles = s.profiles + EXCLUDED.profiles;
  DELETE FROM search_words WHERE word = ANY (old_words) AND profiles <= 0;
  RETURN NULL;
END $$;

DROP TRIGGER expert_profiles_words_update ON expert_profiles;
CREATE TRIGGER expert_profiles_words_update
  AFTER UPDATE ON expert_profiles FOR EACH ROW
  WHEN (OLD.search_text IS DISTINCT FROM NEW.search_text OR OLD.bio IS DISTINCT FROM NEW.bio
        OR OLD.listed IS DISTINCT FROM NEW.listed)
  EXECUTE FUNCTION expert_profiles_words();
CREATE TRIGGER expert_profiles_words_delete
  AFTER DELETE ON expert_profiles FOR EACH ROW EXECUTE FUNCTION expert_profiles_words();
