import { type RawBuilder, sql } from 'kysely';
import type { ExpertSearchQuery, ExpertSort } from '../../../common/experts.ts';

// The search planner, free of database access: a query's filters, the SQL conditions they make (those an index
// finds, those checked row by row), the sort keys, and the read plan chosen from the counts (search.repo.ts runs
// them).

/**
 * Free text as accent-folded, lower-case words. A prefix word matches every word it starts (a word still being
 * typed); the others match their French stem exactly, which the index finds at once even for a word that tens of
 * thousands of profiles hold (a prefix is expanded to every indexed word it starts, all read in full).
 */
export type SearchText = { words: string[]; prefix: boolean[] };

/** What search filters on. */
export type SearchFilters = {
  text?: SearchText;
  /** Index tags of the threshold filters, resolved by `resolveTags` (the thresholds themselves stay below). */
  tags?: string[];
  products?: string[];
  region?: string;
  department?: string;
  language?: string;
  minRating?: number;
  maxCommission?: number;
  maxDayRate?: number;
  available?: boolean;
  minYears?: number;
  verified?: boolean;
};

/** A sort: its key expressions (all in one direction, the expert id last) and that direction. */
type SortSpec = { keys: RawBuilder<unknown>[]; direction: 'asc' | 'desc' };

/** Splits free text into accent-folded, lower-case words (searched as French-stemmed prefixes). */
export function textQuery(q: string | undefined): SearchFilters['text'] {
  if (!q) return undefined;
  const words = q
    .replace(/œ/gi, 'oe')
    .replace(/æ/gi, 'ae')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)
    .slice(0, 8);
  return words.length ? { words, prefix: words.map(() => true) } : undefined;
}

/** The repository's filters and the effective sort of a validated search query. */
export function searchFilters(query: ExpertSearchQuery): { filters: SearchFilters; sort: ExpertSort } {
  const filters: SearchFilters = {
    text: textQuery(query.q),
    products: query.product,
    region: query.region,
    department: query.department,
    language: query.language,
    minRating: query.minRating,
    maxCommission: query.maxCommission,
    maxDayRate: query.maxDayRate,
    available: query.available,
    minYears: query.minYears,
    verified: query.verified,
  };
  // Drop unset keys: the facet cache key is the JSON of the filters.
  for (const key of Object.keys(filters) as (keyof SearchFilters)[]) {
    if (filters[key] === undefined) delete filters[key];
  }
  return { filters, sort: query.sort ?? (filters.text ? 'relevance' : 'rating') };
}

/**
 * All the words (French stemming; prefixes as such), restricted to the fields of the given weights: A = name,
 * specialties and product names; B = headline, certifications, city; C = bio. '' = any field.
 */
const tsquery = (text: SearchText, weights: '' | 'A' | 'AB') =>
  sql`to_tsquery('french', ${text.words
    .map((w, i) => (text.prefix[i] ? `${w}:*${weights}` : weights ? `${w}:${weights}` : w))
    .join(' & ')})`;

/**
 * Relevance tiers: 3 when the words are found in the name or specialties, 2 in the headline, certifications or city,
 * 1 in the bio; the Bayesian rating orders each tier. Each tier reads in rating order through an index and stops at
 * the page size, instead of ranking every match (a common word matches tens of thousands of experts).
 */
export const tiers = [
  { tier: 3, weights: 'A', above: null },
  { tier: 2, weights: 'AB', above: 'A' },
  { tier: 1, weights: '', above: 'AB' },
] as const;

export function sortSpec(sort: ExpertSort, f: SearchFilters): SortSpec {
  switch (sort) {
    case 'relevance':
      if (!f.text) return sortSpec('rating', f);
      return { keys: [sql`p.tier`, sql`p.rating_score`, sql`p.user_id`], direction: 'desc' };
    case 'rating':
      return { keys: [sql`p.rating_score`, sql`p.user_id`], direction: 'desc' };
    case 'experience':
      return { keys: [sql`p.years_experience`, sql`p.user_id`], direction: 'desc' };
    case 'fee':
      return { keys: [sql`p.fee_sort`, sql`p.user_id`], direction: 'asc' };
    case 'response':
      return { keys: [sql`p.response_sort`, sql`p.user_id`], direction: 'asc' };
  }
}

/**
 * How a condition is written: so that the search index finds the rows (`@@`, `&&`, `@>`), or as a function
 * PostgreSQL checks row by row on rows found another way (a walk in sort order), which it cannot turn into an index
 * scan.
 */
export type MatchVia = 'index' | 'row';

/**
 * The conditions an index can find (text, products, region, department, language, threshold tags). Via `'row'`
 * they are worded as plain function calls, which no index matches: the planner then walks the sort index as planned,
 * instead of building bitmaps of every candidate from an estimate of how many there are (GIN estimates are often far
 * off).
 */
export function indexedConditions(f: SearchFilters, via: MatchVia = 'index'): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [sql`p.listed`];
  if (f.text) where.push(textMatch(f.text, '', via));
  if (f.products?.length) {
    const products = sql`${sql.val(f.products)}::text[]`;
    where.push(
      via === 'index' ? sql`p.specialties && ${products}` : sql`arrayoverlap(p.specialties, ${products})`,
    );
  }
  if (f.region) where.push(arrayHas(sql`p.regions`, f.region, via));
  if (f.department) where.push(sql`p.department = ${f.department}`);
  if (f.language) where.push(arrayHas(sql`p.languages`, f.language, via));
  // Tags only narrow what the index reads (the exact values are checked row by row): a walk needs none.
  if (via === 'index' && f.tags?.length) where.push(sql`p.filter_tags @> ${sql.val(f.tags)}::text[]`);
  return where;
}

/** The index tags implied by the threshold filters (see 005_search_filter_tags.sql), as SQL to evaluate. */
export function thresholdTags(f: SearchFilters): RawBuilder<unknown>[] {
  const tags: RawBuilder<unknown>[] = [];
  const nearest = (kind: string, value: number) => sql`expert_filter_tag(${kind}, ${value})`;
  if (f.minRating !== undefined) tags.push(nearest('rating', f.minRating));
  if (f.minYears !== undefined) tags.push(nearest('years', f.minYears));
  // Both fee limits: either may hold, which no single tag says.
  if (f.maxCommission !== undefined && f.maxDayRate === undefined) {
    tags.push(nearest('commission', f.maxCommission));
  }
  if (f.maxDayRate !== undefined && f.maxCommission === undefined)
    tags.push(nearest('day_rate', f.maxDayRate));
  if (f.verified) tags.push(sql`'verified'`);
  if (f.available) tags.push(sql`'available'`);
  return tags;
}

const arrayHas = (column: RawBuilder<unknown>, value: string, via: MatchVia) =>
  via === 'index'
    ? sql`${column} @> ARRAY[${value}]::text[]`
    : sql`arraycontains(${column}, ARRAY[${value}]::text[])`;

export const textMatch = (text: SearchText, weights: '' | 'A' | 'AB', via: MatchVia) =>
  via === 'index'
    ? sql`p.search_document @@ ${tsquery(text, weights)}`
    : sql`ts_match_vq(p.search_document, ${tsquery(text, weights)})`;

/** The conditions checked row by row (rating, fee, availability, experience, verified). */
export function residualConditions(f: SearchFilters): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  if (f.minRating !== undefined) where.push(sql`p.rating_avg >= ${f.minRating}`);
  if (f.maxCommission !== undefined && f.maxDayRate !== undefined) {
    where.push(sql`(p.commission_percent <= ${f.maxCommission} OR p.day_rate_cents <= ${f.maxDayRate})`);
  } else if (f.maxCommission !== undefined) {
    where.push(sql`p.commission_percent <= ${f.maxCommission}`);
  } else if (f.maxDayRate !== undefined) {
    where.push(sql`p.day_rate_cents <= ${f.maxDayRate}`);
  }
  if (f.available) where.push(sql`p.active_load < p.capacity`);
  if (f.minYears !== undefined) where.push(sql`p.years_experience >= ${f.minYears}`);
  if (f.verified) where.push(sql`p.verified`);
  return where;
}

export function conditions(f: SearchFilters, via: MatchVia = 'index'): RawBuilder<unknown>[] {
  return [...indexedConditions(f, via), ...residualConditions(f)];
}

/**
 * How to read a page, from the match counts the facets already computed. Few matches: fetch them all through the
 * GIN index and sort (the sort key is wrapped so that the planner cannot walk a sort index). Many matches: walk
 * the sort index and filter, which stops after a page. Walking reads about limit × N / matches rows, fetching
 * reads every candidate of the indexed conditions (each costing more): the cheaper wins. A relevance tier without
 * matches is not read.
 */
export type SearchPlan = {
  /** Profiles matching every condition. */
  matches: number;
  /** Profiles matching the indexed conditions: what fetching reads. */
  candidates: number;
  tiers: Record<1 | 2 | 3, number> | null;
  /** Profiles in all. */
  population: number;
};

/**
 * What fetching a candidate costs against walking one row: the index intersection, the visit of its heap page and
 * the sort, measured over the benchmark's queries at 100,000 experts (4 to 6 came out best; 1 cost a third more).
 */
const FETCH_ROW_COST = 4;

/** Walking a sort index reads about limit × population / matches rows; fetching reads the candidates. */
export const walks = (matches: number, limit: number, plan: SearchPlan) =>
  matches > 0 && (limit * plan.population) / matches <= FETCH_ROW_COST * plan.candidates;
