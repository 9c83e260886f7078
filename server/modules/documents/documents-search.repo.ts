import { type RawBuilder, sql } from 'kysely';
import type { DocumentReviewStatus } from '../../../common/documents.ts';
import { type Executor, prepared } from '../../db/pool.ts';
import { fetchLimit } from '../../platform/cursor.ts';

/** The dossiers whose documents a search may return: every one (an admin), or these. */
export type SearchScope = 'all' | readonly string[];

export type SearchFilters = {
  scope: SearchScope;
  category?: string;
  status?: DocumentReviewStatus;
  /** Calendar days (YYYY-MM-DD, Paris time) the current version was uploaded on or after, on or before. */
  from?: string;
  to?: string;
  /** The sort key of the last document served: the page starts after it. */
  after?: { updatedAt: Date; id: string };
  limit: number;
};

/** A category and its French name (its documents match by name when the name holds the words). */
export type NamedCategory = { code: string; name: string };

export type SearchHitRow = {
  id: string;
  updatedAt: Date;
  /** Best page holding the words (null: the words are only in the name). */
  page: number | null;
  /** Text around the words, or the name, the words between SNIPPET_START and SNIPPET_STOP; not escaped. */
  snippet: string | null;
  /** The name that holds the words when no page does: `snippet` is then this name highlighted, its separators
   *  ("._-") turned into spaces (the service puts them back). */
  name: string | null;
};

/** Markers of the words in a snippet: control characters, which stored text never holds (extracted-text.ts). */
export const SNIPPET_START = '\u0002';
export const SNIPPET_STOP = '\u0003';

/**
 * Matches the word indexes list at most per source (pages, titles, file names, categories): beyond, walking the
 * newest documents meets enough of them sooner. Also the number of expected matching pages from which a wide search
 * walks first. Measured over 80,000 pages of 2,500 characters: a candidate from the word index costs about 3 µs, a
 * document checked while walking about 50 µs (its four pages' words); over 400,000 pages both plans take about 20 ms
 * near 5,000 matching pages, and less on either side.
 */
const SEARCH_CANDIDATES = 5000;
/** Up to this many dossiers (a client's, most experts'), a search fetches the scope's documents by their dossiers. */
const SEARCH_NARROW_SCOPE = 20;
/**
 * Within some dossiers (not all), the share of all pages holding the words from which a search walks the scope's
 * documents newest first rather than asking the word indexes. Measured over 100,000 documents (an expert's 1,300
 * documents and 2,500 pages, a word on 45 % of the pages): walking took 2–4 ms, the word indexes 27–89 ms, for
 * PostgreSQL then reads every page of the scope to check the word. Below it, a walk would check most of the scope's
 * documents before it fills a page, and the word index lists few pages.
 */
const SCOPED_WALK_SHARE = 0.05;

const tsquery = (q: string) => sql`messaging_search_query(${q})`;
const uuids = (ids: readonly string[]) => sql`${[...ids]}::uuid[]`;
const texts = (values: readonly string[]) => sql`${[...values]}::text[]`;

type Found = { id: string; updatedAt: Date };

/** The filters and the cursor, on d (a document's columns) and v (its current version, for the dates). */
function filtersOf(f: SearchFilters) {
  const conditions = [sql<boolean>`true`];
  if (f.scope !== 'all') conditions.push(sql`d.dossier_id = ANY(${uuids(f.scope)})`);
  if (f.category) conditions.push(sql`d.category = ${f.category}`);
  if (f.status) conditions.push(sql`d.status = ${f.status}`);
  if (f.from) conditions.push(sql`v.created_at >= (${f.from}::date::timestamp AT TIME ZONE 'Europe/Paris')`);
  if (f.to) conditions.push(sql`v.created_at < ((${f.to}::date + 1)::timestamp AT TIME ZONE 'Europe/Paris')`);
  if (f.after) conditions.push(sql`(d.updated_at, d.id) < (${f.after.updatedAt}, ${f.after.id})`);
  return sql.join(conditions, sql` AND `);
}

/**
 * The page of documents `source` holds (the documents table, or candidates with its columns) that pass the filters
 * and `where`, newest activity first (documents_recent_idx when walking the table). Their current version is v.
 */
async function newestOf(
  db: Executor,
  f: SearchFilters,
  source: RawBuilder<unknown>,
  where = sql<boolean>`true`,
) {
  const { rows } = await sql<Found>`
    SELECT d.id, d.updated_at FROM ${source} d JOIN document_versions v ON v.id = d.current_version_id
    WHERE ${filtersOf(f)} AND ${where}
    ORDER BY d.updated_at DESC, d.id DESC
    LIMIT ${fetchLimit(f.limit)}`.execute(db);
  return rows;
}

/** The name or the text of the current version holds the words (documents and versions as d and v). */
function matches(q: string, categories: readonly NamedCategory[]) {
  return sql<boolean>`(d.title_tsv @@ ${tsquery(q)} OR v.filename_tsv @@ ${tsquery(q)}
    OR d.category = ANY(${texts(categories.map((c) => c.code))})
    OR EXISTS (SELECT 1 FROM document_pages p WHERE p.version_id = d.current_version_id AND p.tsv @@ ${tsquery(q)}))`;
}

export const documentsSearchRepo = {
  /** The dossiers of a company, or assigned to an expert (who reads what: dossiers.access.ts). */
  dossierIdsOf: async (db: Executor, of: { companyId: string } | { expertId: string }): Promise<string[]> => {
    const rows = await db
      .selectFrom('dossiers')
      .select('id')
      .$call((q) =>
        'companyId' in of ? q.where('companyId', '=', of.companyId) : q.where('expertId', '=', of.expertId),
      )
      .execute();
    return rows.map((r) => r.id);
  },

  /**
   * The lexemes of the words (as the accent-folding configuration makes them, the statistics' terms), and the
   * categories whose French name holds the words (matched as names are).
   */
  wordsOf: async (
    db: Executor,
    q: string,
    categories: readonly NamedCategory[],
  ): Promise<{ lexemes: string[]; categories: NamedCategory[] }> => {
    const { rows } = await prepared(sql<{ lexemes: string[]; categories: NamedCategory[] }>`
      SELECT tsvector_to_array(to_tsvector('public.messaging_french', ${q})) AS lexemes,
        coalesce((SELECT json_agg(json_build_object('code', c.code, 'name', c.name))
          FROM unnest(${texts(categories.map((c) => c.code))}, ${texts(categories.map((c) => c.name))}) AS c(code, name)
          WHERE documents_name_tsvector(c.name) @@ ${tsquery(q)}), '[]') AS categories`).execute(db);
    return rows[0]!;
  },

  /** Without words: the documents of the scope, newest activity first. */
  list: (db: Executor, f: SearchFilters) => newestOf(db, f, sql`documents`),

  /**
   * The documents whose current version holds the words on a page, or whose name (title, current file name,
   * category name) does; newest activity first, like the list. Planned so that neither rare nor common words get
   * slow over 100,000 documents and a gigabyte of text:
   * - the word indexes (GIN on pages, titles and file names; a client's or an expert's few dossiers picked out by
   *   the pages' dossier index and intersected with the word index's bitmap) list a rare word's few matches
   *   at once, and sorting them is cheap. They must list every match of a common word, though: past
   *   SEARCH_CANDIDATES in any source, or when PostgreSQL's statistics of the pages' words expect that many in the
   *   scope (`expectedPages`, documents-search.statistics.ts), the search walks instead. A word in a category's name
   *   is common by nature (every document of the category). Within some dossiers, though, PostgreSQL reads every
   *   page of the scope rather than a common word's long list in the index: there the search walks as soon as the
   *   words are on a fair share of the pages (SCOPED_WALK_SHARE);
   * - walking the documents newest first (documents_recent_idx, or the few dossiers' documents sorted), each checked
   *   through its name and its current version's pages (primary key lookups), meets a common word within a few
   *   dozen documents.
   * Only the page's worth of documents found then get their best page and their snippet (documents_headline,
   * migrations 017 and 028: ts_headline on the 350 characters around a word rather than the whole page).
   */
  search: async (
    db: Executor,
    f: SearchFilters,
    q: string,
    words: { categories: readonly NamedCategory[]; lexemes: readonly string[] } & WordFrequency,
  ): Promise<(SearchHitRow | Found)[]> => {
    const { categories } = words;
    const narrow = narrowScope(f.scope);
    const found =
      (walksNewest(f.scope, words) ? null : await byWordIndexes(db, f, q, categories)) ??
      (await newestOf(db, f, narrow ? newestOfScope(narrow) : sql`documents`, matches(q, categories)));
    // The row past the page only tells that more follow: it needs no snippet.
    const page = await hits(
      db,
      found.slice(0, f.limit).map((r) => r.id),
      q,
      words,
    );
    return [...page, ...found.slice(f.limit)];
  },
};

/** What the statistics expect of the words: the pages of the scope holding them, their share of all pages. */
export type WordFrequency = { expectedPages: number; pageShare: number };

const narrowScope = (scope: SearchScope) =>
  scope !== 'all' && scope.length <= SEARCH_NARROW_SCOPE ? scope : null;

/** Whether a search walks the documents newest first rather than asking the word indexes (see `search`). */
export function walksNewest(
  scope: SearchScope,
  words: { categories: readonly NamedCategory[] } & WordFrequency,
): boolean {
  if (scope !== 'all' && words.pageShare >= SCOPED_WALK_SHARE) return true;
  if (narrowScope(scope)) return false;
  return words.categories.length > 0 || words.expectedPages >= SEARCH_CANDIDATES;
}

/**
 * The documents of a few dossiers, every one fetched through the dossiers' index and sorted newest first: walking
 * every document's recent index for theirs would skip hundreds of others for each. OFFSET 0 keeps the conditions out
 * of it, so that they are checked in that order until the page is full.
 */
const newestOfScope = (scope: readonly string[]) =>
  sql`(SELECT * FROM documents WHERE dossier_id = ANY(${uuids(scope)}) ORDER BY updated_at DESC, id DESC OFFSET 0)`;

const DOCUMENT_COLUMNS = sql`d.id, d.dossier_id, d.category, d.status, d.updated_at, d.current_version_id`;

/**
 * Through the word indexes only, in one statement: at most SEARCH_CANDIDATES matches of each source, their
 * documents (with the columns the filters and the order read), the page of them. Null: a source has more matches.
 * Unlike messaging's search, no planner setting is needed to keep to the indexes: they are asked only for words the
 * statistics call rare (or within a few dossiers), and the planner reads the same statistics.
 */
async function byWordIndexes(
  db: Executor,
  f: SearchFilters,
  q: string,
  categories: readonly NamedCategory[],
): Promise<Found[] | null> {
  const tsq = tsquery(q);
  const cap = SEARCH_CANDIDATES;
  const inScope = (alias: string) =>
    f.scope === 'all' ? sql`true` : sql`${sql.ref(`${alias}.dossier_id`)} = ANY(${uuids(f.scope)})`;
  const categorized =
    categories.length > 0 ? sql`d.category = ANY(${texts(categories.map((c) => c.code))})` : sql`false`;
  // Only the date filters read the version.
  const dated = f.from || f.to ? sql`JOIN document_versions v ON v.id = d.current_version_id` : sql``;
  const { rows } = await sql<{ overflow: boolean; id: string | null; updatedAt: Date | null }>`
    WITH pages AS MATERIALIZED (
        SELECT p.version_id FROM document_pages p WHERE p.tsv @@ ${tsq} AND ${inScope('p')} LIMIT ${cap}),
      files AS MATERIALIZED (
        SELECT v.id AS version_id FROM document_versions v
        WHERE v.filename_tsv @@ ${tsq} AND ${inScope('v')} LIMIT ${cap}),
      titles AS MATERIALIZED (
        SELECT ${DOCUMENT_COLUMNS} FROM documents d WHERE d.title_tsv @@ ${tsq} AND ${inScope('d')} LIMIT ${cap}),
      categorized AS MATERIALIZED (
        SELECT ${DOCUMENT_COLUMNS} FROM documents d WHERE ${categorized} AND ${inScope('d')} LIMIT ${cap}),
      found AS (
        SELECT ${DOCUMENT_COLUMNS} FROM documents d
        WHERE d.current_version_id = ANY(ARRAY(SELECT version_id FROM pages UNION SELECT version_id FROM files))
        UNION SELECT * FROM titles
        UNION SELECT * FROM categorized),
      sizes AS (
        SELECT greatest((SELECT count(*) FROM pages), (SELECT count(*) FROM files), (SELECT count(*) FROM titles),
                        (SELECT count(*) FROM categorized)) >= ${cap} AS overflow)
    SELECT s.overflow, r.id, r.updated_at
    FROM sizes s
    LEFT JOIN LATERAL (
      SELECT d.id, d.updated_at FROM found d ${dated}
      WHERE ${filtersOf(f)}
      ORDER BY d.updated_at DESC, d.id DESC
      LIMIT ${fetchLimit(f.limit)}
    ) r ON NOT s.overflow`.execute(db);
  if (rows[0]?.overflow) return null;
  return rows.flatMap((r) => (r.id && r.updatedAt ? [{ id: r.id, updatedAt: r.updatedAt }] : []));
}

/** Pages of a version ranked for the best one: the first that hold the words (a huge file has thousands). */
const BEST_PAGE_AMONG = 50;

/**
 * The documents found, in their order, each with its best page and snippet when the words are inside it, or else
 * with the name that holds them (title, file name or category name) highlighted. Prepared: its text never varies,
 * and planning it took 0.8 ms at each search.
 */
async function hits(
  db: Executor,
  ids: string[],
  q: string,
  words: { categories: readonly NamedCategory[]; lexemes: readonly string[] },
): Promise<SearchHitRow[]> {
  if (ids.length === 0) return [];
  const { categories } = words;
  // The snippet is taken around the longest of the words (the least common, likely).
  const near = [...words.lexemes].sort((a, b) => b.length - a.length)[0] ?? null;
  const tsq = tsquery(q);
  const { rows } = await prepared(sql<SearchHitRow>`
    SELECT d.id, d.updated_at AS "updatedAt", best.page,
      CASE WHEN best.page IS NOT NULL THEN documents_headline(best.text, ${tsq}, false, ${near})
           ELSE documents_headline(translate(named.name, '._-', '   '), ${tsq}, true, NULL) END AS snippet,
      CASE WHEN best.page IS NULL THEN named.name END AS name
    FROM documents d
    JOIN document_versions v ON v.id = d.current_version_id
    CROSS JOIN LATERAL (
      SELECT CASE WHEN d.title_tsv @@ ${tsq} THEN d.title
                  WHEN v.filename_tsv @@ ${tsq} THEN v.filename
                  ELSE (SELECT c.name FROM unnest(${texts(categories.map((c) => c.code))},
                                                  ${texts(categories.map((c) => c.name))}) AS c(code, name)
                        WHERE c.code = d.category) END AS name
    ) named
    LEFT JOIN LATERAL (
      SELECT b.page, b.text
      FROM (SELECT p.page, p.text, p.tsv FROM document_pages p
            WHERE p.version_id = d.current_version_id AND p.tsv @@ ${tsq}
            ORDER BY p.page LIMIT ${BEST_PAGE_AMONG}) b
      ORDER BY ts_rank(b.tsv, ${tsq}) DESC, b.page
      LIMIT 1
    ) best ON true
    WHERE d.id = ANY(${uuids(ids)})`).execute(db);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
