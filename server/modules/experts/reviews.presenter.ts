import type { Review } from '../../../common/experts.ts';
import type { ReviewRow } from './reviews.repo.ts';

/** A review as the API shows it: the author by first name and initial only. */
export function toReview(r: ReviewRow): Review {
  return {
    id: r.id,
    expertId: r.expertId,
    dossierId: r.dossierId,
    productCode: r.productCode,
    rating: r.rating,
    communication: r.communication,
    expertise: r.expertise,
    speed: r.speed,
    text: r.text,
    author: { name: `${r.authorFirstName} ${r.authorLastName.charAt(0)}.`, companyName: r.companyName },
    reply: r.reply,
    repliedAt: r.repliedAt ? r.repliedAt.toISOString() : null,
    hidden: r.hidden,
    hiddenReason: r.hidden ? r.hiddenReason : null,
    createdAt: r.createdAt.toISOString(),
  };
}
