import type { Insertable } from 'kysely';
import { uuidv7 } from '../../../common/ids.ts';
import type { Database } from '../schema.ts';
import type { Random } from './random.ts';
import { replyTexts, reviewTexts } from './vocabulary.ts';

/** Most clients review the expert of a dossier that reached a closing status; the triggers keep the aggregates. */
export function demoReviews(random: Random, now: Date, dossiers: Insertable<Database['dossiers']>[]) {
  const reviews: Insertable<Database['reviews']>[] = [];
  for (const d of dossiers) {
    if (!d.expertId || !['closed', 'refused', 'cancelled'].includes(d.status) || random.next() < 0.2)
      continue;
    const at = new Date(new Date(d.statusChangedAt).getTime() + random.int(1, 72) * 3_600_000);
    if (at > now) continue;
    const base = d.status === 'closed' ? random.pick([5, 5, 5, 4, 4, 3]) : random.pick([5, 4, 3, 2, 1]);
    const near = () => Math.min(5, Math.max(1, base + random.int(-1, 1)));
    const replied = random.next() < 0.3;
    reviews.push({
      id: uuidv7(at.getTime()),
      dossierId: d.id,
      expertId: d.expertId,
      companyId: d.companyId,
      authorId: d.createdBy!,
      rating: base,
      communication: near(),
      expertise: near(),
      speed: near(),
      text: random.pick(reviewTexts),
      reply: replied ? random.pick(replyTexts) : null,
      repliedAt: replied ? new Date(Math.min(now.getTime(), at.getTime() + 86_400_000)) : null,
      hiddenReason: null,
      hiddenAt: null,
      hiddenBy: null,
      createdAt: at,
      updatedAt: at,
    });
  }
  return reviews;
}
