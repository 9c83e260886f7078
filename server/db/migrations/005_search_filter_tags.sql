-- Threshold filters (minimum rating, minimum years, maximum fee, verified, available) as tags in the search index.
-- Each profile carries a tag per threshold it passes ('rating>=4.5', 'years>=10', 'commission<=25', 'verified',
-- 'available'…); a search asks the GIN index for the tag of the nearest threshold at or below the user's value and
-- checks the exact value on the rows found. Without the tags every expert holding the words and array filters was
-- read only to be dropped by a rating or fee condition (often nine in ten of them).

CREATE FUNCTION expert_tag_thresholds(kind text) RETURNS numeric[] IMMUTABLE PARALLEL SAFE LANGUAGE sql AS $$
  SELECT CASE kind
    WHEN 'rating' THEN ARRAY[1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5]
    WHEN 'years' THEN ARRAY[1, 2, 3, 5, 10, 15, 20, 30]
    WHEN 'commission' THEN ARRAY[10, 15, 20, 25, 30, 40, 50]
    WHEN 'day_rate' THEN ARRAY[30000, 40000, 50000, 60000, 80000, 100000, 150000]
  END::numeric[]
$$;

-- The tag a search asks for: the nearest threshold that a user's value implies ('any', which every profile has,
-- when none does). Immutable, so a call with a constant is folded before planning and the index can use it.
CREATE FUNCTION expert_filter_tag(kind text, value numeric) RETURNS text IMMUTABLE PARALLEL SAFE LANGUAGE sql AS $$
  SELECT coalesce(
    CASE WHEN kind IN ('rating', 'years')
      THEN (SELECT kind || '>=' || max(t) FROM unnest(expert_tag_thresholds(kind)) t WHERE t <= value HAVING max(t) IS NOT NULL)
      ELSE (SELECT kind || '<=' || min(t) FROM unnest(expert_tag_thresholds(kind)) t WHERE t >= value HAVING min(t) IS NOT NULL)
    END,
    'any')
$$;

CREATE FUNCTION expert_filter_tags(
  rating numeric, years integer, commission numeric, day_rate bigint, verified boolean, active_load integer,
  capacity integer
) RETURNS text[] IMMUTABLE PARALLEL SAFE LANGUAGE sql AS $$
  SELECT ARRAY['any']
    || ARRAY(SELECT 'rating>=' || t FROM unnest(expert_tag_thresholds('rating')) t WHERE rating >= t)
    || ARRAY(SELECT 'years>=' || t FROM unnest(expert_tag_thresholds('years')) t WHERE years >= t)
    || ARRAY(SELECT 'commission<=' || t FROM unnest(expert_tag_thresholds('commission')) t WHERE commission <= t)
    || ARRAY(SELECT 'day_rate<=' || t FROM unnest(expert_tag_thresholds('day_rate')) t WHERE day_rate <= t)
    || CASE WHEN verified THEN ARRAY['verified'] ELSE '{}' END
    || CASE WHEN active_load < capacity THEN ARRAY['available'] ELSE '{}' END
$$;

ALTER TABLE expert_profiles ADD COLUMN filter_tags text[] GENERATED ALWAYS AS (
  expert_filter_tags(rating_avg, years_experience, commission_percent, day_rate_cents, verified, active_load, capacity)
) STORED;

DROP INDEX expert_profiles_filter_idx;
CREATE INDEX expert_profiles_filter_idx ON expert_profiles
  USING gin (search_document, specialties, regions, languages, filter_tags) WHERE listed;

-- Statistics for the new column now: searches choose their index tags from them (see expertsRepo.resolveTags).
ANALYZE expert_profiles;
