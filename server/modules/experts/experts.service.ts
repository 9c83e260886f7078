import { statusesBetween } from '../../../common/dossiers.ts';
import type { ExpertProfile, ExpertProfileUpdate } from '../../../common/experts.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { AuthUser } from '../../platform/auth-guard.ts';
import { forbidden, notFound, unprocessable } from '../../platform/errors.ts';
import { type Platform, Service } from '../../platform/service.ts';
import type { ProductsService } from '../products/products.service.ts';
import { toProfile } from './experts.presenter.ts';
import { SEARCH_NAMESPACE } from './facet-counts.ts';
import { type MessagePosition, profilesRepo } from './profiles.repo.ts';
import { toReview } from './reviews.presenter.ts';
import { reviewsRepo } from './reviews.repo.ts';

const PROFILE_TTL_SECONDS = 300;
const LATEST_REVIEWS = 5;
/** Answers counted in an expert's median response time: those of the last 180 days. */
const RESPONSE_TIME_WINDOW_DAYS = 180;
/** Messages read by one statement of the response times' pass: a few milliseconds of the index. */
const MESSAGES_PER_SLICE = 2000;
const profileKey = (id: string) => `experts:profile:${id}`;

/** Statuses that count in an expert's load or outcomes (see expert_dossier_contribution, migration 027). */
const statsStatuses = new Set<string>([...statusesBetween('expert_assigned', 'closed'), 'refused']);

export type ExpertsDeps = Pick<Platform, 'db' | 'clock' | 'cache' | 'events' | 'jobs'> & {
  products: ProductsService;
};

/**
 * Expert profiles: the public read (cached), the expert's own edits and the admin's verification, and the upkeep of
 * what search and profiles show when dossiers, messages or accounts change.
 */
export class ExpertsService extends Service<ExpertsDeps> {
  constructor(deps: ExpertsDeps) {
    super(deps);
    // Dossier moves change loads and outcome figures; an approval or a suspension puts an expert on or off the
    // marketplace.
    this.deps.events.subscribe('dossier.status_changed', (e) => {
      // Only moves into or out of a counted status change loads and outcomes (the triggers' definitions).
      if (!statsStatuses.has(e.from) && !statsStatuses.has(e.to)) return;
      return this.invalidate(...[e.expertId, e.previousExpertId].filter((id): id is string => Boolean(id)));
    });
    this.deps.events.subscribe('dossier.expert_assigned', (e) =>
      this.invalidate(...[e.expertId, e.previousExpertId].filter((id): id is string => Boolean(id))),
    );
    this.deps.events.subscribe('user.status_changed', (e) =>
      e.role === 'expert' ? this.invalidate(e.userId) : undefined,
    );
  }

  /**
   * One slice of the experts who wrote a message since `since`, whose response time may have moved (the
   * refreshResponseTimes job reads the window slice by slice).
   */
  expertAuthorsSince(since: Date, after: MessagePosition | null) {
    return profilesRepo.expertAuthorsSince(this.deps.db, since, after, MESSAGES_PER_SLICE);
  }

  /**
   * Recomputes the expert's median response time (the refreshResponseTimes job). The profile shows it on the next
   * read; search sorts and recommendations read the column itself.
   */
  async refreshResponseTime(expertId: string): Promise<void> {
    const since = new Date(this.deps.clock.now().getTime() - RESPONSE_TIME_WINDOW_DAYS * 86_400_000);
    if (await profilesRepo.refreshResponseTime(this.deps.db, expertId, since)) {
      await this.deps.cache.delete(profileKey(expertId));
    }
  }

  /** After a write that changes what search or a profile shows: the next read recomputes it. */
  async invalidate(...expertIds: string[]): Promise<void> {
    await Promise.all([
      this.deps.cache.delete(...expertIds.map(profileKey)),
      this.deps.cache.bump(SEARCH_NAMESPACE),
    ]);
  }

  /** A listed expert's profile; the expert and admins also see an unlisted one. */
  async profile(viewer: AuthUser | null, id: string): Promise<ExpertProfile> {
    const cached = await this.deps.cache.get<ExpertProfile>(profileKey(id));
    if (cached) return cached;
    const row = await profilesRepo.profile(this.deps.db, id);
    const maySee = row && (row.listed || viewer?.role === 'admin' || viewer?.id === id);
    if (!row || !maySee) throw notFound('Expert');
    const reviews = await reviewsRepo.latestReviews(this.deps.db, id, LATEST_REVIEWS);
    const profile = toProfile(row, reviews.map(toReview));
    // Only what everyone may see is shared through the cache.
    if (row.listed) await this.deps.cache.set(profileKey(id), profile, PROFILE_TTL_SECONDS);
    return profile;
  }

  /** The expert edits their own profile; every change is audited. */
  async updateOwnProfile(actor: AuthUser, input: ExpertProfileUpdate): Promise<ExpertProfile> {
    if (actor.role !== 'expert') throw forbidden('Seul un expert modifie son profil');
    if (input.specialties) {
      const known = new Set((await this.deps.products.listActive()).map((p) => p.code));
      const unknown = input.specialties.filter((c) => !known.has(c));
      if (unknown.length) throw unprocessable('PRODUCT_UNKNOWN', `Produit inconnu : ${unknown.join(', ')}`);
    }
    const at = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await profilesRepo.lockProfile(trx, actor.id);
      if (!before) throw notFound('Profil expert');
      const { fee, yearsByProduct, ...plain } = input;
      const changes: Parameters<typeof profilesRepo.updateProfile>[2] = { ...plain, updatedAt: at };
      if (yearsByProduct) changes.yearsByProduct = JSON.stringify(yearsByProduct);
      if (fee) {
        changes.feeModel = fee.model;
        changes.commissionPercent = fee.model === 'commission' ? fee.commissionPercent : null;
        changes.dayRateCents = fee.model === 'day_rate' ? fee.dayRateCents : null;
      }
      await profilesRepo.updateProfile(trx, actor.id, changes);
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
    this.deps.events.publish('expert.profile_updated', { expertId: actor.id, actorId: actor.id, at });
    return this.profile(actor, actor.id);
  }

  /** Admin: marks an expert verified (identity, diplomas, insurance checked). */
  async verify(admin: AuthUser, id: string): Promise<ExpertProfile> {
    const at = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const before = await profilesRepo.lockProfile(trx, id);
      if (!before) throw notFound('Expert');
      if (before.verified) return;
      await profilesRepo.updateProfile(trx, id, { verified: true, verifiedAt: at, updatedAt: at });
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
    this.deps.events.publish('expert.profile_updated', { expertId: id, actorId: admin.id, at });
    return this.profile(admin, id);
  }
}
