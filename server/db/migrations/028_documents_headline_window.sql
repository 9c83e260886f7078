-- A search hit's snippet for less (issue 14; the function of 017_documents_search.sql). Measured over 200 pages of
-- about 2,900 characters: ts_headline costs about 170 µs on 600 characters and 100 µs on 350, which still hold a
-- fragment of 35 words; folding the accents of a whole page to find the word costs about 45 µs, which a word found
-- as it is written (most words, and every word without accents) no longer pays.
CREATE OR REPLACE FUNCTION documents_headline(body text, q tsquery, whole boolean, near text) RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  AS $$
  DECLARE
    options text := CASE WHEN whole THEN E'StartSel=\u0002, StopSel=\u0003, HighlightAll=true'
                    ELSE E'StartSel=\u0002, StopSel=\u0003, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "'
                    END;
    at integer := 0;
    source text;
    folded text;
  BEGIN
    IF body IS NULL OR q IS NULL THEN
      RETURN NULL;
    END IF;
    IF NOT whole AND near IS NOT NULL THEN
      at := strpos(lower(body), near);
      IF at = 0 THEN
        at := strpos(lower(public.unaccent(body)), near);
      END IF;
    END IF;
    source := translate(CASE WHEN at > 0 THEN substr(body, greatest(1, at - 150), 350) ELSE body END,
                        E'\u0002\u0003', '  ');
    folded := ts_headline('public.messaging_french'::regconfig, source, q, options);
    IF strpos(folded, E'\u0002') > 0 THEN
      RETURN folded;
    END IF;
    RETURN ts_headline('pg_catalog.french'::regconfig, source, q, options);
  END
  $$;
