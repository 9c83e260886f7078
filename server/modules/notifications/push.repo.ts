import type { Executor } from '../../db/pool.ts';

export type PushSubscriptionRow = { id: string; endpoint: string; p256dh: string; auth: string };

export type VapidKeys = { publicKey: string; privateKey: string };

const VAPID_SECRET = 'vapid';

export const pushRepo = {
  /** Records a browser's subscription; an endpoint already known moves to this user with its new keys, as new. */
  upsert: (
    db: Executor,
    row: {
      id: string;
      userId: string;
      endpoint: string;
      p256dh: string;
      auth: string;
      userAgent: string;
      at: Date;
    },
  ) =>
    db
      .insertInto('pushSubscriptions')
      .values({
        id: row.id,
        userId: row.userId,
        endpoint: row.endpoint,
        p256dh: row.p256dh,
        auth: row.auth,
        userAgent: row.userAgent,
        createdAt: row.at,
      })
      .onConflict((oc) =>
        oc.column('endpoint').doUpdateSet({
          userId: (eb) => eb.ref('excluded.userId'),
          p256dh: (eb) => eb.ref('excluded.p256dh'),
          auth: (eb) => eb.ref('excluded.auth'),
          userAgent: (eb) => eb.ref('excluded.userAgent'),
          createdAt: (eb) => eb.ref('excluded.createdAt'),
        }),
      )
      .execute(),

  /** Deletes the user's subscriptions beyond the `keep` most recent. */
  trimUser: (db: Executor, userId: string, keep: number) =>
    db
      .deleteFrom('pushSubscriptions')
      .where('userId', '=', userId)
      .where(
        'id',
        'not in',
        db
          .selectFrom('pushSubscriptions')
          .select('id')
          .where('userId', '=', userId)
          .orderBy('createdAt', 'desc')
          .orderBy('id', 'desc')
          .limit(keep),
      )
      .execute(),

  listForUser: (db: Executor, userId: string): Promise<PushSubscriptionRow[]> =>
    db
      .selectFrom('pushSubscriptions')
      .select(['id', 'endpoint', 'p256dh', 'auth'])
      .where('userId', '=', userId)
      .orderBy('createdAt')
      .execute(),

  /** Deletes one of the user's subscriptions; false when the user has none at that endpoint. */
  deleteForUser: async (db: Executor, userId: string, endpoint: string) => {
    const result = await db
      .deleteFrom('pushSubscriptions')
      .where('userId', '=', userId)
      .where('endpoint', '=', endpoint)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  },

  /**
   * Deletes a subscription the push service declared gone, unless the browser renewed it since (same endpoint, new
   * keys): that one is alive.
   */
  deleteGone: (db: Executor, sub: PushSubscriptionRow) =>
    db.deleteFrom('pushSubscriptions').where('id', '=', sub.id).where('p256dh', '=', sub.p256dh).execute(),

  markSuccess: (db: Executor, ids: string[], at: Date) =>
    db.updateTable('pushSubscriptions').set({ lastSuccessAt: at }).where('id', 'in', ids).execute(),

  findVapidKeys: async (db: Executor): Promise<unknown> => {
    const row = await db
      .selectFrom('appSecrets')
      .select('value')
      .where('name', '=', VAPID_SECRET)
      .executeTakeFirst();
    return row?.value;
  },

  /** Keeps `keys` unless another instance stored a pair first. */
  insertVapidKeys: (db: Executor, keys: VapidKeys, at: Date) =>
    db
      .insertInto('appSecrets')
      .values({ name: VAPID_SECRET, value: JSON.stringify(keys), createdAt: at })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute(),
};
