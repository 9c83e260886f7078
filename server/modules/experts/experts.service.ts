import { statusesBetween } from '../../../common/dossiers.ts';
import type {
  ExpertCard,
  ExpertProfile,
  ExpertProfileUpdate,
  ExpertSearchQuery,
  ExpertSearchResult,
  ExpertSort,
  Recommendation,
} from '../../../common/experts.ts';
import { type Language, type Region, regionNames } from '../../../common/reference.ts';
import type { Db } from '../../db/pool.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { AuthUser } from '../../platform/auth-guard.ts';
import type { Cache } from '../../platform/cache.ts';
import type { Clock } from '../../platform/clock.ts';
import { decodeCursor, fetchLimit, pageOf } from '../../platform/cursor.ts';
import { forbidden, notFound, unprocessable } from '../../platform/errors.ts';
import type { EventBus } from '../../platform/events.ts';
import type { JobSender } from '../../platform/jobs.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import type { ProductsService } from '../products/products.service.ts';
import { refreshResponseTime } from './experts.jobs.ts';
import { type CardRow, expertsRepo, type ProfileRow, type SearchFilters } from './experts.repo.ts';
import { FacetCounter, SEARCH_NAMESPACE } from './facet-counts.ts';
import { toReview } from './reviews.presenter.ts';
import { searchCursor } from './search-cursor.ts';

const FACETS_TTL_SECONDS = 60;
const PROFILE_TTL_SECONDS = 300;
const LATEST_REVIEWS = 5;
/** Answers counted in an expert's median response time: those of the last 180 days. */
const RESPONSE_TIME_WINDOW_DAYS = 180;
export const profileKey = (id: string) => `experts:profile:${id}`;

const round2 = (n: number) => Math.round(n * 100) / 100;

/** Statuses that count in an expert's load or outcomes (see dossiers_stats_trigger in 002_marketplace.sql). */
const statsStatuses = new Set<string>([...statusesBetween('expert_assigned', 'closed'), 'refused']);

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

export function toCard(r: CardRow): ExpertCard {
  return {
    id: r.id,
    firstName: r.firstName,
    lastName: r.lastName,
    avatarUrl: r.avatarUrl,
    headline: r.headline,
    city: r.city,
    department: r.department,
    specialties: r.specialties,
    regions: r.regions as Region[],
    languages: r.languages as Language[],
    verified: r.verified,
    rating: {
      average: r.ratingAvg === null ? null : Number(r.ratingAvg),
      count: r.reviewCount,
      score: Number(r.ratingScore),
    },
    fee: {
      model: r.feeModel,
      commissionPercent: r.commissionPercent === null ? null : Number(r.commissionPercent),
      dayRateCents: r.dayRateCents,
    },
    yearsExperience: r.yearsExperience,
    capacity: r.capacity,
    activeLoad: r.activeLoad,
    available: r.activeLoad < r.capacity,
    medianResponseMinutes: r.medianResponseMinutes,
    completedDossiers: r.completedDossiers,
  };
}

function responseReason(minutes: number | null): string | null {
  if (minutes === null) return null;
  if (minutes <= 60) return 'Répond en moins d’1 h';
  if (minutes <= 120) return 'Répond en moins de 2 h';
  if (minutes <= 240) return 'Répond en moins de 4 h';
  if (minutes <= 1440) return 'Répond en moins de 24 h';
  return null;
}

const languageNames: Record<Language, string> = {
  fr: 'français',
  en: 'anglais',
  es: 'espagnol',
  de: 'allemand',
  it: 'italien',
  pt: 'portugais',
  ar: 'arabe',
};

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;
const frNumber = (n: number, digits = 1) => n.toFixed(digits).replace('.', ',');

export class ExpertsService {
  private readonly db: Db;
  private readonly clock: Clock;
  private readonly cache: Cache;
  private readonly events: EventBus;
  private readonly dossiers: DossiersService;
  private readonly products: ProductsService;
  private readonly jobs: JobSender;
  private readonly facetCounts: FacetCounter;
  constructor(deps: {
    db: Db;
    clock: Clock;
    cache: Cache;
    events: EventBus;
    dossiers: DossiersService;
    products: ProductsService;
    jobs: JobSender;
    /** Time an uncached facet count may take (see FacetCounter). */
    facetsBudgetMs?: number;
  }) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.cache = deps.cache;
    this.events = deps.events;
    this.dossiers = deps.dossiers;
    this.products = deps.products;
    this.jobs = deps.jobs;
    this.facetCounts = new FacetCounter({
      db: deps.db,
      cache: deps.cache,
      budgetMs: deps.facetsBudgetMs ?? 1000,
    });
    // Dossier moves change loads and outcome figures; an approval or a suspension puts an expert on or off the
    // marketplace.
    this.events.subscribe('dossier.status_changed', (e) => {
      // Only moves into or out of a counted status change loads and outcomes (the triggers' definitions).
      if (!statsStatuses.has(e.from) && !statsStatuses.has(e.to)) return;
      return this.invalidate(...[e.expertId, e.previousExpertId].filter((id): id is string => Boolean(id)));
    });
    this.events.subscribe('dossier.expert_assigned', (e) =>
      this.invalidate(...[e.expertId, e.previousExpertId].filter((id): id is string => Boolean(id))),
    );
    // An expert's message may answer someone: the median response time follows (a job, at most once a minute each).
    this.events.subscribe('message.created', (e) =>
      e.senderRole === 'expert' && e.senderId
        ? this.jobs.send(refreshResponseTime, { expertId: e.senderId })
        : undefined,
    );
    this.events.subscribe('user.status_changed', (e) =>
      e.role === 'expert' ? this.invalidate(e.userId) : undefined,
    );
  }

  /**
   * Recomputes the expert's median response time (the refreshResponseTime job). The profile shows it on the next
   * read; search sorts and recommendations read the column itself.
   */
  async refreshResponseTime(expertId: string): Promise<void> {
    const since = new Date(this.clock.now().getTime() - RESPONSE_TIME_WINDOW_DAYS * 86_400_000);
    if (await expertsRepo.refreshResponseTime(this.db, expertId, since)) {
      await this.cache.delete(profileKey(expertId));
    }
  }

  /** After a write that changes what search or a profile shows: the next read recomputes it. */
  async invalidate(...expertIds: string[]): Promise<void> {
    await Promise.all([this.cache.delete(...expertIds.map(profileKey)), this.cache.bump(SEARCH_NAMESPACE)]);
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
      const closest = await expertsRepo.closestWords(this.db, filters.text.words);
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
        : await expertsRepo.search(this.db, facets.searched, sort, after, fetchLimit(query.limit), plan);
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
    const cached = await this.cache.get<number>(key);
    if (cached !== undefined) return cached;
    const n = await expertsRepo.population(this.db);
    await this.cache.set(key, n, FACETS_TTL_SECONDS);
    return n;
  }

  /** A listed expert's profile; the expert and admins also see an unlisted one. */
  async profile(viewer: AuthUser | null, id: string): Promise<ExpertProfile> {
    const cached = await this.cache.get<ExpertProfile>(profileKey(id));
    if (cached) return cached;
    const row = await expertsRepo.profile(this.db, id);
    const maySee = row && (row.listed || viewer?.role === 'admin' || viewer?.id === id);
    if (!row || !maySee) throw notFound('Expert');
    const reviews = await expertsRepo.latestReviews(this.db, id, LATEST_REVIEWS);
    const profile = this.toProfile(row, reviews.map(toReview));
    // Only what everyone may see is shared through the cache.
    if (row.listed) await this.cache.set(profileKey(id), profile, PROFILE_TTL_SECONDS);
    return profile;
  }

  private toProfile(row: ProfileRow, latestReviews: ExpertProfile['latestReviews']): ExpertProfile {
    const n = row.reviewCount;
    const avg = (sum: number) => (n > 0 ? round2(sum / n) : null);
    const decided = row.completedDossiers + row.refusedDossiers;
    return {
      ...toCard(row),
      bio: row.bio,
      certifications: row.certifications,
      yearsByProduct: row.yearsByProduct,
      outcomes: {
        completedDossiers: row.completedDossiers,
        refusedDossiers: row.refusedDossiers,
        successRate: decided > 0 ? round2(row.completedDossiers / decided) : null,
        recoveredCents: row.recoveredCents,
      },
      ratingBreakdown: { 1: row.stars1, 2: row.stars2, 3: row.stars3, 4: row.stars4, 5: row.stars5 },
      subCriteria: {
        communication: avg(row.communicationSum),
        expertise: avg(row.expertiseSum),
        speed: avg(row.speedSum),
      },
      latestReviews,
      verifiedAt: row.verifiedAt ? row.verifiedAt.toISOString() : null,
    };
  }

  /** The expert edits their own profile; every change is audited. */
  async updateOwnProfile(actor: AuthUser, input: ExpertProfileUpdate): Promise<ExpertProfile> {
    if (actor.role !== 'expert') throw forbidden('Seul un expert modifie son profil');
    if (input.specialties) {
      const known = new Set((await this.products.listActive()).map((p) => p.code));
      const unknown = input.specialties.filter((c) => !known.has(c));
      if (unknown.length) throw unprocessable(`Produit inconnu : ${unknown.join(', ')}`);
    }
    const at = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const before = await expertsRepo.lockProfile(trx, actor.id);
      if (!before) throw notFound('Profil expert');
      const { fee, yearsByProduct, ...plain } = input;
      const changes: Parameters<typeof expertsRepo.updateProfile>[2] = { ...plain, updatedAt: at };
      if (yearsByProduct) changes.yearsByProduct = JSON.stringify(yearsByProduct);
      if (fee) {
        changes.feeModel = fee.model;
        changes.commissionPercent = fee.model === 'commission' ? fee.commissionPercent : null;
        changes.dayRateCents = fee.model === 'day_rate' ? fee.dayRateCents : null;
      }
      await expertsRepo.updateProfile(trx, actor.id, changes);
      const changed = Object.keys(input) as (keyof typeof input)[];
      await recordAudit(trx, {
        actorId: actor.id,
        action: 'expert.profile_updated',
        entityType: 'user',
        entityId: actor.id,
        before: Object.fromEntries(
          changed.map((k) => [
            k,
            k === 'fee'
              ? {
                  model: before.feeModel,
                  commissionPercent: before.commissionPercent,
                  dayRateCents: before.dayRateCents,
                }
              : before[k as keyof typeof before],
          ]),
        ),
        after: input,
        at,
      });
    });
    await this.invalidate(actor.id);
    this.events.publish('expert.profile_updated', { expertId: actor.id, actorId: actor.id, at });
    return this.profile(actor, actor.id);
  }

  /** Admin: marks an expert verified (identity, diplomas, insurance checked). */
  async verify(admin: AuthUser, id: string): Promise<ExpertProfile> {
    const at = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const before = await expertsRepo.lockProfile(trx, id);
      if (!before) throw notFound('Expert');
      if (before.verified) return;
      await expertsRepo.updateProfile(trx, id, { verified: true, verifiedAt: at, updatedAt: at });
      await recordAudit(trx, {
        actorId: admin.id,
        action: 'expert.verified',
        entityType: 'user',
        entityId: id,
        before: { verified: false },
        after: { verified: true, verifiedAt: at },
        at,
      });
    });
    await this.invalidate(id);
    this.events.publish('expert.profile_updated', { expertId: id, actorId: admin.id, at });
    return this.profile(admin, id);
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
    const dossier = await this.dossiers.find(actor, dossierId);
    const product = dossier.product.code;
    const region = dossier.company.region as Region;
    const language = options.language ?? 'fr';
    const rows = await expertsRepo.recommend(this.db, {
      product,
      region,
      language,
      limit: options.limit,
      excludeExpertId: dossier.expert?.id ?? null,
    });
    return {
      items: rows.map((r) => {
        const reasons: string[] = [];
        reasons.push(
          r.yearsOnProduct > 0
            ? `Spécialiste ${product} depuis ${plural(r.yearsOnProduct, 'an', 'ans')}`
            : `Spécialiste ${product}`,
        );
        if (r.regionMatch) reasons.push(`Basé en ${regionNames[region] ?? region}`);
        if (r.languageMatch && language !== 'fr') reasons.push(`Parle ${languageNames[language]}`);
        if (r.reviewCount >= 3 && r.ratingAvg !== null) {
          reasons.push(
            `Noté ${frNumber(Number(r.ratingAvg))}/5 sur ${plural(r.reviewCount, 'avis', 'avis')}`,
          );
        }
        const response = responseReason(r.medianResponseMinutes);
        if (response) reasons.push(response);
        if (r.productCompleted > 0) {
          reasons.push(
            `${plural(r.productCompleted, `dossier ${product} mené`, `dossiers ${product} menés`)} à terme`,
          );
        }
        const free = r.capacity - r.activeLoad;
        if (free > 0) reasons.push(`Disponible : ${plural(free, 'place libre', 'places libres')}`);
        if (r.verified) reasons.push('Expert vérifié');
        return { expert: toCard(r), score: Number(r.score), reasons };
      }),
    };
  }
}
