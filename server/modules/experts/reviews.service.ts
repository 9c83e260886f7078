import { expertReviewable } from '../../../common/dossiers.ts';
import type { Review, ReviewInput } from '../../../common/experts.ts';
import { uuidv7 } from '../../../common/ids.ts';
import type { Page } from '../../../common/pagination.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { AuthUser } from '../../platform/auth-guard.ts';
import { cursorKeys, decodeCursor, fetchLimit, pageOf } from '../../platform/cursor.ts';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors.ts';
import { type Platform, Service } from '../../platform/service.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import type { ExpertsService } from './experts.service.ts';
import { toReview } from './reviews.presenter.ts';
import { reviewsRepo } from './reviews.repo.ts';

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

export type ReviewsDeps = Pick<Platform, 'db' | 'clock' | 'events'> & {
  dossiers: DossiersService;
  experts: ExpertsService;
};

/**
 * Reviews of experts by the clients they worked for. Aggregates (expert_stats) follow every insert and every
 * hide through a trigger in the same transaction, so they stay exact whatever runs concurrently.
 */
export class ReviewsService extends Service<ReviewsDeps> {
  async list(
    viewer: AuthUser | null,
    expertId: string,
    query: { limit: number; cursor?: string },
  ): Promise<Page<Review>> {
    // The reviews of an expert who is not on the marketplace are as hidden as the profile.
    await this.deps.experts.profile(viewer, expertId);
    const afterId = query.cursor ? decodeCursor(query.cursor, cursorKeys.id)[0] : undefined;
    const rows = await reviewsRepo.latestReviews(
      this.deps.db,
      expertId,
      fetchLimit(query.limit),
      afterId,
      viewer?.role === 'admin',
    );
    const { items, nextCursor } = pageOf(rows, query.limit, (last) => [last.id]);
    return { items: items.map(toReview), nextCursor };
  }

  /**
   * Only the client of a finished dossier this expert actually worked (`expertReviewable`: the dossier's timeline
   * shows it reached the audit with them); once per dossier.
   */
  async create(actor: AuthUser, expertId: string, input: ReviewInput): Promise<Review> {
    const notAllowed = new AppError(
      403,
      'REVIEW_NOT_ALLOWED',
      'Seul le client d’un dossier terminé sur lequel cet expert a travaillé peut l’évaluer',
    );
    if (actor.role !== 'client' || !actor.companyId) throw notAllowed;
    const dossier = await this.deps.dossiers.get(actor, input.dossierId).catch((error) => {
      if (error instanceof AppError && error.status === 404) throw notAllowed;
      throw error;
    });
    if (dossier.expert?.id !== expertId || !expertReviewable(dossier)) throw notAllowed;
    const at = this.deps.clock.now();
    const id = uuidv7(at.getTime());
    try {
      await this.deps.db.transaction().execute(async (trx) => {
        await reviewsRepo.insert(trx, {
          id,
          dossierId: dossier.id,
          expertId,
          companyId: actor.companyId!,
          authorId: actor.id,
          rating: input.rating,
          communication: input.communication,
          expertise: input.expertise,
          speed: input.speed,
          text: input.text,
          reply: null,
          repliedAt: null,
          hiddenReason: null,
          hiddenAt: null,
          hiddenBy: null,
          createdAt: at,
          updatedAt: at,
        });
        await recordAudit(trx, {
          actorId: actor.id,
          action: 'review.created',
          entityType: 'review',
          entityId: id,
          after: { expertId, ...input },
          at,
        });
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('REVIEW_ALREADY_WRITTEN', 'Ce dossier a déjà été évalué');
      throw error;
    }
    await this.deps.experts.invalidate(expertId);
    this.deps.events.publish('review.created', {
      reviewId: id,
      expertId,
      dossierId: dossier.id,
      companyId: actor.companyId,
      rating: input.rating,
      actorId: actor.id,
      at,
    });
    return this.get(id);
  }

  private async get(id: string): Promise<Review> {
    const row = await reviewsRepo.findReview(this.deps.db, id);
    if (!row) throw notFound('Avis');
    return toReview(row);
  }

  /** The reviewed expert answers, once. */
  async reply(actor: AuthUser, reviewId: string, text: string): Promise<Review> {
    const at = this.deps.clock.now();
    const review = await this.deps.db.transaction().execute(async (trx) => {
      const row = await reviewsRepo.lock(trx, reviewId);
      if (!row || row.hidden) throw notFound('Avis');
      if (row.expertId !== actor.id) throw forbidden('Seul l’expert évalué peut répondre');
      if (row.reply !== null) throw conflict('REVIEW_ALREADY_ANSWERED', 'Vous avez déjà répondu à cet avis');
      await reviewsRepo.update(trx, reviewId, { reply: text, repliedAt: at, updatedAt: at });
      await recordAudit(trx, {
        actorId: actor.id,
        action: 'review.replied',
        entityType: 'review',
        entityId: reviewId,
        after: { reply: text },
        at,
      });
      return row;
    });
    await this.deps.experts.invalidate(review.expertId);
    this.deps.events.publish('review.replied', {
      reviewId,
      expertId: review.expertId,
      companyId: review.companyId,
      actorId: actor.id,
      at,
    });
    return this.get(reviewId);
  }

  /** Admin: hides a review (with the reason, audited); it leaves the aggregates in the same transaction. */
  async hide(admin: AuthUser, reviewId: string, reason: string): Promise<Review> {
    const at = this.deps.clock.now();
    const review = await this.deps.db.transaction().execute(async (trx) => {
      const row = await reviewsRepo.lock(trx, reviewId);
      if (!row) throw notFound('Avis');
      if (row.hidden) throw conflict('REVIEW_ALREADY_HIDDEN', 'Cet avis est déjà masqué');
      await reviewsRepo.update(trx, reviewId, {
        hidden: true,
        hiddenReason: reason,
        hiddenAt: at,
        hiddenBy: admin.id,
        updatedAt: at,
      });
      await recordAudit(trx, {
        actorId: admin.id,
        action: 'review.hidden',
        entityType: 'review',
        entityId: reviewId,
        before: { hidden: false, rating: row.rating, text: row.text },
        after: { hidden: true, reason },
        at,
      });
      return row;
    });
    await this.deps.experts.invalidate(review.expertId);
    this.deps.events.publish('review.hidden', {
      reviewId,
      expertId: review.expertId,
      companyId: review.companyId,
      actorId: admin.id,
      at,
    });
    return this.get(reviewId);
  }
}
