import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { ExpertFacets } from '../../../common/experts.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { searchRepo } from './search.repo.ts';
import type { SearchFilters } from './search-planner.ts';

const FACETS_TTL_SECONDS = 60;
/** Uncached facet counts computed at once by one process; a search beyond waits for its turn (within budget). */
const MAX_CONCURRENT = 2;
/** Cache namespace whose version is part of every facet key: bumping it drops all facet counts at once. */
export const SEARCH_NAMESPACE = 'experts:search';

/**
 * The facet counts of a filtered result set, and how its matches spread over the relevance tiers. `total` and
 * `facets` are null when they were not counted: over the time budget, or too many counts already running.
 */
export type FacetCounts = {
  /** The filters as searched: the words resolved to exact stems or prefixes, the index tags chosen. */
  searched: SearchFilters;
  total: number | null;
  facets: ExpertFacets | null;
  candidates: number;
  tiers: Record<1 | 2 | 3, number> | null;
};

/**
 * The filters in one spelling: words and products deduplicated and sorted (the words all have to match, in any
 * order), so that "paris comptable", "comptable  Paris" and "comptable paris comptable" share one cache entry.
 */
export function canonicalFilters(f: SearchFilters): SearchFilters {
  const canonical = { ...f };
  if (f.text) {
    const pairs = [...new Map(f.text.words.map((w, i) => [w, f.text?.prefix[i] ?? true])).entries()].sort(
      ([a], [b]) => (a < b ? -1 : a > b ? 1 : 0),
    );
    canonical.text = { words: pairs.map(([w]) => w), prefix: pairs.map(([, p]) => p) };
  }
  if (f.products) canonical.products = [...new Set(f.products)].sort();
  return canonical;
}

const isQueryCanceled = (error: unknown) => (error as { code?: string }).code === '57014';

export type FacetCounterDeps = Pick<Platform, 'db' | 'cache'> & { budgetMs: number };

/**
 * Facet counts, cached per filter set. Uncached work is bounded: at most MAX_CONCURRENT counts at once per process
 * (a burst of new filter sets cannot take every database connection); a search waits at most `budgetMs` for its
 * turn (then answers without counts, not cached), and a count runs within `budgetMs` (statement_timeout in its own
 * transaction). A count over budget is remembered as not counted for the cache's lifetime, so repeating an expensive
 * filter set does not run it again.
 */
export class FacetCounter extends Service<FacetCounterDeps> {
  private readonly budgetMs: number;
  private running = 0;
  /** Searches waiting for a turn, first come first served; each is handed the turn of a count that ends. */
  private readonly waiting: (() => void)[] = [];
  constructor(deps: FacetCounterDeps) {
    super(deps);
    this.budgetMs = Math.max(1, Math.round(deps.budgetMs));
  }

  async count(filters: SearchFilters): Promise<FacetCounts> {
    const canonical = canonicalFilters(filters);
    const version = await this.deps.cache.version(SEARCH_NAMESPACE);
    const digest = createHash('sha1').update(JSON.stringify(canonical)).digest('base64url');
    // 'v3': entries may be "not counted" (null total); older entries (a rolling deploy sharing Redis) are not read.
    const key = `experts:facets:v3:${version}:${digest}`;
    const cached = await this.deps.cache.get<FacetCounts>(key);
    if (cached) return cached;
    if (!(await this.turn())) return uncounted(await searchRepo.resolveFilters(this.deps.db, canonical));
    let searched: SearchFilters | undefined;
    try {
      const result = await this.deps.db.transaction().execute(async (trx) => {
        await sql`SET LOCAL statement_timeout = ${sql.lit(this.budgetMs)}`.execute(trx);
        searched = await searchRepo.resolveFilters(trx, canonical);
        return fold(searched, await searchRepo.facets(trx, searched));
      });
      await this.deps.cache.set(key, result, FACETS_TTL_SECONDS);
      return result;
    } catch (error) {
      if (!isQueryCanceled(error)) throw error;
      const result = uncounted(searched ?? (await searchRepo.resolveFilters(this.deps.db, canonical)));
      await this.deps.cache.set(key, result, FACETS_TTL_SECONDS);
      return result;
    } finally {
      this.endTurn();
    }
  }

  /** Whether a turn to count came within the budget. */
  private turn(): Promise<boolean> {
    if (this.running < MAX_CONCURRENT) {
      this.running++;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const granted = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(granted), 1);
        resolve(false);
      }, this.budgetMs);
      this.waiting.push(granted);
    });
  }

  private endTurn(): void {
    const next = this.waiting.shift();
    // The turn passes to the next search waiting (running stays the same), or is given back.
    if (next) next();
    else this.running--;
  }
}

const uncounted = (searched: SearchFilters): FacetCounts => ({
  searched,
  total: null,
  facets: null,
  candidates: 0,
  tiers: null,
});

function fold(searched: SearchFilters, rows: Awaited<ReturnType<typeof searchRepo.facets>>): FacetCounts {
  const facets: ExpertFacets = {
    products: [],
    regions: [],
    departments: [],
    languages: [],
    minRating: [],
    verified: [],
    available: [],
  };
  let total = 0;
  let candidates = 0;
  const tiers: Record<1 | 2 | 3, number> = { 1: 0, 2: 0, 3: 0 };
  for (const row of rows) {
    if (row.facet === 'total') total = row.count;
    else if (row.facet === 'candidates') candidates = row.count;
    else if (row.facet === 'tiers') tiers[Number(row.value) as 1 | 2 | 3] = row.count;
    else facets[row.facet as keyof ExpertFacets]?.push({ value: row.value, count: row.count });
  }
  for (const list of Object.values(facets)) {
    list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  }
  return { searched, total, facets, candidates, tiers: searched.text ? tiers : null };
}
