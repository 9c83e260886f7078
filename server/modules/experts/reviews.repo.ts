import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../db/pool.ts';
import type { Database } from '../../db/schema.ts';

export type ReviewRow = {
  id: string;
  expertId: string;
  dossierId: string;
  productCode: string;
  rating: number;
  communication: number;
  expertise: number;
  speed: number;
  text: string;
  authorFirstName: string;
  authorLastName: string;
  companyName: string;
  reply: string | null;
  repliedAt: Date | null;
  hidden: boolean;
  hiddenReason: string | null;
  createdAt: Date;
};

const reviewSelect = (db: Executor) =>
  db
    .selectFrom('reviews as r')
    .innerJoin('dossiers as d', 'd.id', 'r.dossierId')
    .innerJoin('users as a', 'a.id', 'r.authorId')
    .innerJoin('companies as c', 'c.id', 'r.companyId')
    .select([
      'r.id',
      'r.expertId',
      'r.dossierId',
      'd.productCode',
      'r.rating',
      'r.communication',
      'r.expertise',
      'r.speed',
      'r.text',
      'a.firstName as authorFirstName',
      'a.lastName as authorLastName',
      'c.name as companyName',
      'r.reply',
      'r.repliedAt',
      'r.hidden',
      'r.hiddenReason',
      'r.createdAt',
    ]);

export const reviewsRepo = {
  latestReviews: (db: Executor, expertId: string, limit: number, afterId?: string, includeHidden = false) => {
    let q = reviewSelect(db).where('r.expertId', '=', expertId);
    if (!includeHidden) q = q.where('r.hidden', '=', false);
    if (afterId) q = q.where('r.id', '<', afterId);
    return q.orderBy('r.id', 'desc').limit(limit).execute() as Promise<ReviewRow[]>;
  },

  findReview: (db: Executor, id: string) =>
    reviewSelect(db).where('r.id', '=', id).executeTakeFirst() as Promise<ReviewRow | undefined>,

  insert: (db: Executor, review: Insertable<Database['reviews']>) =>
    db.insertInto('reviews').values(review).execute(),

  /** The review, locked until the end of the caller's transaction (a reply or a hide). */
  lock: (db: Executor, id: string) =>
    db
      .selectFrom('reviews')
      .select(['id', 'expertId', 'companyId', 'reply', 'hidden', 'rating', 'text'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst(),

  update: (db: Executor, id: string, changes: Updateable<Database['reviews']>) =>
    db.updateTable('reviews').set(changes).where('id', '=', id).execute(),
};
