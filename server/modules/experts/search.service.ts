import type { ExpertSearchQuery, ExpertSearchResult, Recommendation } from '../../../common/experts.ts';
import type { Language, Region } from '../../../common/reference.ts';
import type { AuthUser } from '../../platform/auth-guard.ts';
import { decodeCursor, fetchLimit, pageOf } from '../../platform/cursor.ts';
import { forbidden } from '../../platform/errors.ts';
import { type Platform, Service } from '../../platform/service.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import { toCard, toRecommendation } from './experts.presenter.ts';
import { FacetCounter } from './facet-counts.ts';
import { recommendationsRepo } from './recommendations.repo.ts';
import { searchRepo } from './search.repo.ts';
import { searchCursor } from './search-cursor.ts';
import { searchFilters } from './search-planner.ts';

const FACETS_TTL_SECONDS = 60;

export type ExpertSearchDeps = Pick<Platform, 'db' | 'cache'> & {
  dossiers: DossiersService;
  /** Time an uncached facet count may take (see FacetCounter). */
  facetsBudgetMs?: number;
};

/** The marketplace's reads: search (with its facets and typo correction) and recommendations for a dossier. */
export class ExpertSearchService extends Service<ExpertSearchDeps> {
  private readonly facetCounts: FacetCounter;
  constructor(deps: ExpertSearchDeps) {
    super(deps);
    this.facetCounts = new FacetCounter({
      db: deps.db,
      cache: deps.cache,
      budgetMs: deps.facetsBudgetMs ?? 1000,
    });
  }

  async search(query: ExpertSearchQuery): Promise<ExpertSearchResult> {
    const { filters, sort } = searchFilters(query);
    // The cursor's key, past the sort it was made for.
    const after = query.cursor
      ? decodeCursor(query.cursor, searchCursor(sort, Boolean(filters.text))).slice(1)
      : null;
    // The counts come first (usually from the cache): they say how to read the page.
    let facets = await this.facetCounts.count(filters);
    let correctedQuery: string | null = null;
    // Nothing found: a word may be misspelt. Each word becomes its closest known word, and the search runs again.
    if (facets.total === 0 && filters.text) {
      const closest = await searchRepo.closestWords(this.deps.db, filters.text.words);
      const words = closest.filter((w): w is string => w !== null);
      if (words.length === closest.length && words.join(' ') !== filters.text.words.join(' ')) {
        facets = await this.facetCounts.count({
          ...filters,
          text: { words, prefix: words.map(() => false) },
        });
        correctedQuery = words.join(' ');
      }
    }
    // Without counts (over the time budget) the page is read without a plan, as the planner sees fit.
    const plan =
      facets.total === null
        ? null
        : {
            matches: facets.total,
            candidates: facets.candidates,
            tiers: facets.tiers,
            population: await this.population(),
          };
    const rows =
      facets.total === 0
        ? []
        : await searchRepo.search(this.deps.db, facets.searched, sort, after, fetchLimit(query.limit), plan);
    const { items, nextCursor } = pageOf(rows, query.limit, (last) => [sort, ...last.sortKey]);
    return {
      items: items.map(toCard),
      nextCursor,
      total: facets.total,
      facets: facets.facets,
      correctedQuery,
    };
  }

  private async population(): Promise<number> {
    const key = 'experts:population';
    const cached = await this.deps.cache.get<number>(key);
    if (cached !== undefined) return cached;
    const n = await searchRepo.population(this.deps.db);
    await this.deps.cache.set(key, n, FACETS_TTL_SECONDS);
    return n;
  }

  /**
   * The best experts for a dossier of the client (or any dossier for an admin), with the reasons. Score out of
   * 100: years on the product 20, region 20, language 5, Bayesian rating 20, free capacity 10, response time 10,
   * completed dossiers on the product 10, success rate on the product 5. Experts without capacity are left out.
   */
  async recommend(
    actor: AuthUser,
    dossierId: string,
    options: { limit: number; language?: Language },
  ): Promise<{ items: Recommendation[] }> {
    if (actor.role === 'expert') throw forbidden();
    const dossier = await this.deps.dossiers.find(actor, dossierId);
    const product = dossier.product.code;
    const region = dossier.company.region as Region;
    const language = options.language ?? 'fr';
    const rows = await recommendationsRepo.recommend(this.deps.db, {
      product,
      region,
      language,
      limit: options.limit,
      excludeExpertId: dossier.expert?.id ?? null,
    });
    return {
      items: rows.map((r) => toRecommendation(r, { product, region, language })),
    };
  }
}
