-- Search inside documents (issue 14): the text of every page and the names of documents, indexed for French search
-- with the configurations messaging uses (003_messaging.sql: plain French and accents folded, queried together by
-- messaging_search_query), and the extraction queue's bookkeeping. See documents-search.repo.ts for the plans.

-- Names as words: "facture_carburant_2024-03.pdf" is one file-name token to the parser unless its separators become
-- spaces.
CREATE FUNCTION documents_name_tsvector(name text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT to_tsvector('pg_catalog.french'::regconfig, regexp_replace(name, '[._-]+', ' ', 'g'))
            || to_tsvector('public.messaging_french'::regconfig, regexp_replace(name, '[._-]+', ' ', 'g')) $$;

-- The dossier of each page, so that a client's or an expert's few dossiers are picked out by their own index and
-- intersected with the word index's matches. (Not one GIN index on (dossier_id, tsv), as for messages: with
-- `dossier_id = ANY(…)` it searches once per dossier, reading a common word's long list of pages each time.)
ALTER TABLE document_pages ADD COLUMN dossier_id uuid REFERENCES dossiers (id) ON DELETE CASCADE;
UPDATE document_pages p SET dossier_id = v.dossier_id FROM document_versions v WHERE v.id = p.version_id;
ALTER TABLE document_pages ALTER COLUMN dossier_id SET NOT NULL;
ALTER TABLE document_pages ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
  to_tsvector('pg_catalog.french'::regconfig, text) || to_tsvector('public.messaging_french'::regconfig, text)
) STORED;
CREATE INDEX document_pages_search_idx ON document_pages USING gin (tsv);
CREATE INDEX document_pages_dossier_idx ON document_pages (dossier_id);
-- The search asks the statistics how many pages hold a word (documents-search.statistics.ts): with ten
-- times the default, they list the 10,000 most common words, down to those of about 0.4 % of the pages.
ALTER TABLE document_pages ALTER COLUMN tsv SET STATISTICS 1000;

-- A document is found by its title and by its current file's name as well (category names are matched at query
-- time against common/document-categories.ts). No dossier id in these indexes: the planner would take them for the
-- dossier filters of plain lists, where they are much slower than the btree indexes.
ALTER TABLE documents ADD COLUMN title_tsv tsvector GENERATED ALWAYS AS (documents_name_tsvector(title)) STORED;
CREATE INDEX documents_title_search_idx ON documents USING gin (title_tsv);
ALTER TABLE document_versions ADD COLUMN filename_tsv tsvector
  GENERATED ALWAYS AS (documents_name_tsvector(filename)) STORED;
CREATE INDEX document_versions_filename_search_idx ON document_versions USING gin (filename_tsv);

-- When the sweep last queued a version whose extraction is still pending (null: only the upload's event did), so
-- that a long queue is not sent again at every sweep.
ALTER TABLE document_versions ADD COLUMN extraction_queued_at timestamptz;
CREATE INDEX document_versions_extraction_pending_idx ON document_versions (created_at)
  WHERE extraction_status = 'pending';

-- The versions' pages found by the word index are joined to their document through its current version.
CREATE INDEX documents_current_version_idx ON documents (current_version_id);

-- A hit's snippet: the words between the markers \u0002 and \u0003 (control characters, which stored text never
-- holds; documents-search.service.ts escapes the rest and turns them into <mark>), highlighted with the
-- accent-folding configuration, or with the plain one when only it matched. `whole`: all of a (short) name. Else up
-- to two passages of the text around `near` (one of the query's lexemes), when it is found as it is in the text
-- (ts_headline parses all it is given: a 3,000-character page costs 0.3 ms, the 600 characters around the word a
-- third of that).
CREATE FUNCTION documents_headline(body text, q tsquery, whole boolean, near text) RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  AS $$
  DECLARE
    options text := CASE WHEN whole THEN E'StartSel=\u0002, StopSel=\u0003, HighlightAll=true'
                    ELSE E'StartSel=\u0002, StopSel=\u0003, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "'
                    END;
    at integer := CASE WHEN whole OR near IS NULL THEN 0 ELSE strpos(lower(public.unaccent(body)), near) END;
    source text := translate(CASE WHEN at > 0 THEN substr(body, greatest(1, at - 250), 600) ELSE body END,
                             E'\u0002\u0003', '  ');
    folded text;
  BEGIN
    IF body IS NULL OR q IS NULL THEN
      RETURN NULL;
    END IF;
    -- (Variables, not a subquery: a subquery's column would be computed again where it is used.)
    folded := ts_headline('public.messaging_french'::regconfig, source, q, options);
    IF strpos(folded, E'\u0002') > 0 THEN
      RETURN folded;
    END IF;
    RETURN ts_headline('pg_catalog.french'::regconfig, source, q, options);
  END
  $$;
