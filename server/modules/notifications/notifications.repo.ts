import { type Insertable, type QueryCreator, type Selectable, sql } from 'kysely';
import type { DigestFrequency, NotificationType } from '../../../common/notifications.ts';
import { type Executor, prepared } from '../../db/pool.ts';
import type { Database } from '../../db/schema.ts';
import { fetchLimit } from '../../platform/cursor.ts';
import { parsedSettings } from './preferences.repo.ts';
import type { SettingsRow } from './preferences.ts';

const columns = [
  'id',
  'recipientId',
  'type',
  'groupKey',
  'groupCount',
  'data',
  'link',
  'inApp',
  'createdAt',
  'updatedAt',
  'readAt',
  'archivedAt',
] as const;

export type NotificationRow = Pick<Selectable<Database['notifications']>, (typeof columns)[number]>;
/** A notification to store; `data` as the JSON object it is (serialised here). */
export type NewNotification = Omit<Insertable<Database['notifications']>, 'data'> & {
  data: Record<string, unknown>;
};

/** Which of a user's notifications a list shows (`types`: a non-empty list; `q`: in the French or English texts). */
export type CentreFilters = {
  recipientId: string;
  view: 'inbox' | 'unread' | 'archived' | 'all';
  types?: readonly NotificationType[];
  q?: string;
  after?: { updatedAt: Date; id: string };
  limit: number;
};

type StateRow = {
  userId: string;
  reached: boolean;
  pushable: boolean;
  quietStart: string | null;
  quietEnd: string | null;
  digest: DigestFrequency | null;
  channels: string | null;
};

/** See `recipientStates`. */
export type RecipientState = {
  userId: string;
  reached: boolean;
  pushable: boolean;
  settings: SettingsRow | undefined;
};

const serialised = (rows: readonly NewNotification[]) =>
  rows.map((row) => ({ ...row, data: JSON.stringify(row.data) }));

export const notificationsRepo = {
  /** Serialises the notifying of one event until the caller's transaction ends (concurrent retries, instances). */
  lockEvent: (db: Executor, eventKey: string) =>
    sql`SELECT pg_advisory_xact_lock(hashtextextended(${eventKey}, 0))`.execute(db),

  /**
   * What notifying each of `recipientIds` of an event needs, in one read: whether the event already reached them,
   * whether a browser of theirs is subscribed to pushes, and their settings row (none: every default).
   */
  recipientStates: async (
    db: Executor,
    eventKey: string,
    recipientIds: readonly string[],
  ): Promise<RecipientState[]> => {
    // Once per notified event: prepared, one text whatever the number of recipients.
    const { rows } = await prepared(sql<StateRow>`
      SELECT r.id AS user_id,
        EXISTS (SELECT 1 FROM notification_events e WHERE e.event_key = ${eventKey} AND e.recipient_id = r.id)
          AS reached,
        EXISTS (SELECT 1 FROM push_subscriptions p WHERE p.user_id = r.id) AS pushable,
        s.quiet_start, s.quiet_end, s.digest, s.channels::text AS channels
      FROM unnest(${recipientIds}::uuid[]) AS r(id)
      LEFT JOIN notification_settings s ON s.user_id = r.id`).execute(db);
    // `channels` is NOT NULL in the table: null means no settings row.
    return rows.map(({ userId, reached, pushable, channels, quietStart, quietEnd, digest }) => ({
      userId,
      reached,
      pushable,
      settings:
        channels === null ? undefined : parsedSettings({ channels, quietStart, quietEnd, digest: digest! }),
    }));
  },

  insert: (db: Executor, rows: readonly NewNotification[]) =>
    db.insertInto('notifications').values(serialised(rows)).returning(columns).execute(),

  /**
   * Grouped types: counts each recipient's unread notification of the group up (latest parameters, back in the
   * inbox if it was archived), or starts one when they have none unread.
   */
  upsertGrouped: (db: Executor, rows: readonly NewNotification[]) =>
    db
      .insertInto('notifications')
      .values(serialised(rows))
      .onConflict((oc) =>
        oc
          .columns(['recipientId', 'groupKey'])
          .where('groupKey', 'is not', null)
          .where('readAt', 'is', null)
          .doUpdateSet((eb) => ({
            groupCount: sql`notifications.group_count + 1`,
            data: eb.ref('excluded.data'),
            link: eb.ref('excluded.link'),
            inApp: eb.ref('excluded.inApp'),
            searchText: eb.ref('excluded.searchText'),
            updatedAt: eb.ref('excluded.updatedAt'),
            archivedAt: null,
          })),
      )
      .returning(columns)
      .execute(),

  /**
   * The event's mark for each recipient and the deliveries it makes, in one statement; returns the deliveries
   * stored (a delivery already there is left as it is).
   */
  insertEventsAndDeliveries: async (
    db: Executor,
    events: readonly Insertable<Database['notificationEvents']>[],
    deliveries: readonly Insertable<Database['notificationDeliveries']>[],
  ): Promise<{ id: string; dueAt: Date }[]> => {
    const insertEvents = (qc: QueryCreator<Database>) =>
      qc
        .insertInto('notificationEvents')
        .values([...events])
        .onConflict((oc) => oc.doNothing());
    if (deliveries.length === 0) {
      await insertEvents(db).execute();
      return [];
    }
    return db
      .with('marked', (qc) => insertEvents(qc).returning('recipientId'))
      .insertInto('notificationDeliveries')
      .values([...deliveries])
      .onConflict((oc) => oc.doNothing())
      .returning(['id', 'dueAt'])
      .execute();
  },

  /** Each user's unread notifications in the centre (users with none are left out). */
  unreadCounts: async (db: Executor, recipientIds: readonly string[]): Promise<Map<string, number>> => {
    if (recipientIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('notifications')
      .select(['recipientId', (eb) => eb.fn.countAll<number>().as('unread')])
      .where('recipientId', 'in', recipientIds)
      .where('inApp', '=', true)
      .where('readAt', 'is', null)
      .where('archivedAt', 'is', null)
      .groupBy('recipientId')
      .execute();
    return new Map(rows.map((r) => [r.recipientId, Number(r.unread)]));
  },

  list: (db: Executor, f: CentreFilters) => {
    let query = db
      .selectFrom('notifications')
      .select(columns)
      .where('recipientId', '=', f.recipientId)
      .where('inApp', '=', true);
    if (f.view === 'inbox') query = query.where('archivedAt', 'is', null);
    if (f.view === 'unread') query = query.where('readAt', 'is', null).where('archivedAt', 'is', null);
    if (f.view === 'archived') query = query.where('archivedAt', 'is not', null);
    if (f.types) query = query.where('type', 'in', f.types);
    if (f.q) query = query.where('searchText', 'ilike', `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    if (f.after) {
      query = query.where(sql<boolean>`(updated_at, id) < (${f.after.updatedAt}, ${f.after.id}::uuid)`);
    }
    return query.orderBy('updatedAt', 'desc').orderBy('id', 'desc').limit(fetchLimit(f.limit)).execute();
  },

  /** One of the user's notifications of the centre (another user's is not found). */
  find: (db: Executor, recipientId: string, id: string) =>
    db
      .selectFrom('notifications')
      .select(columns)
      .where('id', '=', id)
      .where('recipientId', '=', recipientId)
      .where('inApp', '=', true)
      .executeTakeFirst(),

  /** Sets read or archived on one of the user's notifications; returns it as it now is, or nothing (not theirs). */
  update: (
    db: Executor,
    recipientId: string,
    id: string,
    changes: { readAt?: Date | null; archivedAt?: Date | null },
  ) =>
    db
      .updateTable('notifications')
      .set(changes)
      .where('id', '=', id)
      .where('recipientId', '=', recipientId)
      .where('inApp', '=', true)
      .returning(columns)
      .executeTakeFirst(),

  /**
   * Back to unread, unless a newer notification of its group is unread: a group keeps one unread notification (the
   * older one then stays read). Returns whether it changed.
   */
  markUnread: async (db: Executor, recipientId: string, id: string): Promise<boolean> => {
    const result = await db
      .updateTable('notifications as n')
      .set({ readAt: null })
      .where('n.id', '=', id)
      .where('n.recipientId', '=', recipientId)
      .where('n.inApp', '=', true)
      .where('n.readAt', 'is not', null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('notifications as open')
              .select(sql`1`.as('one'))
              .whereRef('open.recipientId', '=', 'n.recipientId')
              .whereRef('open.groupKey', '=', 'n.groupKey')
              .where('open.readAt', 'is', null),
          ),
        ),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },

  /** Marks read the user's unread notifications updated at or before `before`; returns their ids. */
  markAllRead: async (db: Executor, recipientId: string, at: Date, before: Date): Promise<string[]> => {
    const rows = await db
      .updateTable('notifications')
      .set({ readAt: at })
      .where('recipientId', '=', recipientId)
      .where('inApp', '=', true)
      .where('readAt', 'is', null)
      .where('updatedAt', '<=', before)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  },

  /** Marks read the user's unread notification of a group if it changed no later than `before`; its id, if any. */
  markGroupRead: async (db: Executor, recipientId: string, groupKey: string, at: Date, before: Date) =>
    (await db
      .updateTable('notifications')
      .set({ readAt: at })
      .where('recipientId', '=', recipientId)
      .where('groupKey', '=', groupKey)
      .where('readAt', 'is', null)
      .where('updatedAt', '<=', before)
      .returning(['id', 'inApp'])
      .executeTakeFirst()) ?? null,
};
