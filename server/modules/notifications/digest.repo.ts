import type { Executor } from '../../db/pool.ts';

/** At most this many notifications are summed up in one digest (the newest). */
const DIGEST_NOTIFICATIONS_READ = 500;

export const digestRepo = {
  /** The active users who chose a digest, with what the e-mail needs. */
  subscribers: (db: Executor) =>
    db
      .selectFrom('notificationSettings as s')
      .innerJoin('users as u', 'u.id', 's.userId')
      .select(['s.userId', 's.digest', 's.lastDigestAt', 'u.email', 'u.firstName', 'u.locale', 'u.timeZone'])
      .where('s.digest', '<>', 'off')
      .where('u.status', '=', 'active')
      .execute(),

  /**
   * The user's notifications still unread (in the centre or kept for the digest only) with news since `since` (the
   * previous digest; null: ever).
   */
  unreadSince: (db: Executor, userId: string, since: Date | null) => {
    let query = db
      .selectFrom('notifications')
      .select(['id', 'type', 'data', 'link', 'groupCount', 'updatedAt'])
      .where('recipientId', '=', userId)
      .where('readAt', 'is', null)
      .where('archivedAt', 'is', null);
    if (since) query = query.where('updatedAt', '>', since);
    return query
      .orderBy('updatedAt', 'desc')
      .orderBy('id', 'desc')
      .limit(DIGEST_NOTIFICATIONS_READ)
      .execute();
  },

  markSent: (db: Executor, userId: string, at: Date) =>
    db.updateTable('notificationSettings').set({ lastDigestAt: at }).where('userId', '=', userId).execute(),
};
