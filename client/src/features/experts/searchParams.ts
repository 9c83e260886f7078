import { expertSorts } from '../../../../common/expert-sorts.ts';
import type { ExpertSearchQuery } from '../../../../common/experts.ts';

/** Search parameters as they travel in the URL and the query string; the API validates them. */
export type ExpertSearchUrl = Partial<Record<keyof ExpertSearchQuery, string | string[]>>;

/** The marketplace's filters live in the URL, so a search can be shared, bookmarked and navigated back to. */
const filterKeys = ['q', 'region', 'language', 'minRating', 'maxCommission', 'minYears'] as const;

export function paramsFromUrl(url: URLSearchParams): ExpertSearchUrl {
  const params: ExpertSearchUrl = {};
  for (const key of filterKeys) {
    const value = url.get(key)?.trim();
    if (value) params[key] = value;
  }
  const products = url.getAll('product').filter(Boolean);
  if (products.length) params.product = products;
  if (url.get('available') === 'true') params.available = 'true';
  if (url.get('verified') === 'true') params.verified = 'true';
  const sort = url.get('sort');
  if (sort && (expertSorts as readonly string[]).includes(sort)) params.sort = sort;
  return params;
}

/** Parameters that are not filters: the text, the order, and the dossier an expert is being chosen for. */
const notFilters = new Set(['q', 'sort', 'dossier']);

// Changes start from the address bar, not from the router's state, which may lag behind it while a navigation
// renders: two quick changes (a keystroke, then a filter) must both survive.
const currentSearch = () => new URLSearchParams(window.location.search);

/** The current search with one parameter set (or removed when empty), keeping the others. */
export function withCurrentParam(key: string, value: string | string[] | null): URLSearchParams {
  const next = currentSearch();
  next.delete(key);
  for (const v of Array.isArray(value) ? value : value ? [value] : []) next.append(key, v);
  return next;
}

/** The current search without its filters. */
export function withoutFilters(): URLSearchParams {
  return new URLSearchParams([...currentSearch()].filter(([k]) => notFilters.has(k)));
}

export function activeFilterCount(url: URLSearchParams): number {
  return [...new Set(url.keys())].filter((k) => !notFilters.has(k)).length;
}
