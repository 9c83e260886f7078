-- Marketplace search reads one GIN index for the words and the array filters together: PostgreSQL intersects their
-- entries inside the index, skipping through the long lists of common words by the short lists of rare filters,
-- where separate indexes each built a full bitmap first (tens of thousands of rows for a common word).
CREATE INDEX expert_profiles_filter_idx ON expert_profiles
  USING gin (search_document, specialties, regions, languages) WHERE listed;
DROP INDEX expert_profiles_search_idx;
DROP INDEX expert_profiles_specialties_idx;
DROP INDEX expert_profiles_regions_idx;
DROP INDEX expert_profiles_languages_idx;
