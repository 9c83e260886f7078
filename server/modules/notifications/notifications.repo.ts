import { type Selectable, sql } from 'kysely';
import type { NotificationType } from '../../../common/notifications.ts';
import { type Executor, prepared } from '../../db/pool.ts';
import type { Database } from '../../db/schema.ts';
import { fetchLimit } from '../../platform/cursor.ts';
import { type JoinedSettings, joinedSettings, joinedSettingsColumns } from './preferences.repo.ts';
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
/** Which of a user's notifications a list shows (`types`: a non-empty list; `q`: in the French or English texts). */
export type CentreFilters = {
  recipientId: string;
  view: 'inbox' | 'unread' | 'archived' | 'all';
  types?: readonly NotificationType[];
  q?: string;
  after?: { updatedAt: Date; id: string };
  limit: number;
};

type StateRow = JoinedSettings & { userId: string; reached: boolean; pushable: boolean };

/** See `recipientStates`. */
export type RecipientState = {
  userId: string;
  reached: boolean;
  pushable: boolean;
  settings: SettingsRow | undefined;
};

/** One event to store (see `writeEvent`); `recipients` are those not reached yet, with their new notification's id. */
export type EventWrite = {
  eventKey: string;
  type: NotificationType;
  groupKey: string | null;
  data: Record<string, unknown>;
  link: string;
  searchText: string;
  announcementId: string | null;
  at: Date;
  recipients: { id: string; notificationId: string; inApp: boolean }[];
  deliveries: { id: string; recipientId: string; channel: 'email' | 'push'; dueAt: Date }[];
};

/** What `writeEvent` stored: `unread` is null for a recipient who turned the in-app channel off for the type. */
export type WrittenEvent = {
  notifications: (NotificationRow & { unread: number | null })[];
  deliveries: { id: string; dueAt: Date }[];
};

/** A recipient's notification with their unread count and their deliveries stored. */
type WrittenRow = NotificationRow & { unread: number | null; deliveries: { id: string; dueAt: string }[] };

/** Counted unread in the centre: in-app, neither read nor archived (the predicate of `notifications_unread_idx`). */
const isUnreadInCentre = (table: 'notifications' | 'u') =>
  sql<boolean>`${sql.ref(`${table}.in_app`)} AND ${sql.ref(`${table}.read_at`)} IS NULL
    AND ${sql.ref(`${table}.archived_at`)} IS NULL`;

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
    // Once per notified event: prepared, and shaped to keep one plan (see `prepared`): the list walked by
    // subscript, each recipient's rows read by index through subqueries the planner cannot turn into scans.
    const { rows } = await prepared(sql<StateRow>`
      SELECT r.id[i] AS user_id,
        (SELECT true FROM notification_events e WHERE e.recipient_id = r.id[i] AND e.event_key = ${eventKey})
          IS NOT NULL AS reached,
        (SELECT true FROM push_subscriptions p WHERE p.user_id = r.id[i] LIMIT 1) IS NOT NULL AS pushable,
        ${joinedSettingsColumns}
      FROM (SELECT ${recipientIds}::uuid[] AS id) r
      CROSS JOIN LATERAL generate_subscripts(r.id, 1) AS i
      LEFT JOIN LATERAL (SELECT * FROM notification_settings WHERE user_id = r.id[i] OFFSET 0) s ON true`).execute(
      db,
    );
    return rows.map((row) => ({
      userId: row.userId,
      reached: row.reached,
      pushable: row.pushable,
      settings: joinedSettings(row),
    }));
  },

  /**
   * The write of one event, in one statement: each recipient's notification (for a grouped type, their unread one of
   * the group counted up, with the latest parameters and back in the inbox, or a new one), the event's mark, and the
   * deliveries, each joined to its recipient's notification (one already there is left as it is). Returns the
   * notifications, with each in-app recipient's unread count once this commits, and the deliveries stored.
   */
  writeEvent: async (db: Executor, event: EventWrite): Promise<WrittenEvent> => {
    const { recipients, deliveries, at } = event;
    // Once per notified event: prepared, one text whatever the numbers of recipients and deliveries, its lists walked
    // by subscript so that it keeps one plan (see `prepared`).
    const { rows } = await prepared(sql<WrittenRow>`
      WITH stored AS (
        INSERT INTO notifications AS n (id, recipient_id, type, group_key, data, link, in_app, search_text,
          announcement_id, created_at, updated_at)
        SELECT r.id[i], r.recipient_id[i], ${event.type}, ${event.groupKey}, ${JSON.stringify(event.data)}::jsonb,
               ${event.link}, r.in_app[i], ${event.searchText}, ${event.announcementId}::uuid, ${at}, ${at}
        FROM (SELECT ${recipients.map((r) => r.notificationId)}::uuid[] AS id,
                     ${recipients.map((r) => r.id)}::uuid[] AS recipient_id,
                     ${recipients.map((r) => r.inApp)}::boolean[] AS in_app) r
        CROSS JOIN LATERAL generate_subscripts(r.id, 1) AS i
        ON CONFLICT (recipient_id, group_key) WHERE group_key IS NOT NULL AND read_at IS NULL DO UPDATE SET
          group_count = n.group_count + 1, data = excluded.data, link = excluded.link, in_app = excluded.in_app,
          search_text = excluded.search_text, updated_at = excluded.updated_at, archived_at = NULL
        RETURNING n.id, n.recipient_id, n.type, n.group_key, n.group_count, n.data, n.link, n.in_app, n.created_at,
          n.updated_at, n.read_at, n.archived_at
      ),
      marked AS (
        INSERT INTO notification_events (recipient_id, event_key, notification_id, created_at)
        SELECT recipient_id, ${event.eventKey}, id, ${at} FROM stored
        ON CONFLICT DO NOTHING
      ),
      delivered AS (
        INSERT INTO notification_deliveries (id, notification_id, recipient_id, event_key, channel, status, due_at,
          created_at)
        SELECT d.id[i], s.id, d.recipient_id[i], ${event.eventKey}, d.channel[i], 'pending', d.due_at[i], ${at}
        FROM (SELECT ${deliveries.map((d) => d.id)}::uuid[] AS id,
                     ${deliveries.map((d) => d.recipientId)}::uuid[] AS recipient_id,
                     ${deliveries.map((d) => d.channel)}::text[] AS channel,
                     ${deliveries.map((d) => d.dueAt)}::timestamptz[] AS due_at) d
        CROSS JOIN LATERAL generate_subscripts(d.id, 1) AS i
        JOIN stored s ON s.recipient_id = d.recipient_id[i]
        ON CONFLICT DO NOTHING
        RETURNING id, recipient_id, due_at
      )
      -- The statement reads the table as it was before it: the recipient's other unread notifications, plus this one.
      SELECT s.*,
        CASE WHEN s.in_app THEN 1 + (SELECT count(*)::int FROM notifications u
          WHERE u.recipient_id = s.recipient_id AND ${isUnreadInCentre('u')} AND u.id <> s.id) END AS unread,
        (SELECT coalesce(json_agg(json_build_object('id', d.id, 'due_at', d.due_at)), '[]') FROM delivered d
          WHERE d.recipient_id = s.recipient_id) AS deliveries
      FROM stored s`).execute(db);
    return {
      notifications: rows.map(({ unread, deliveries: _, ...notification }) => ({ ...notification, unread })),
      deliveries: rows.flatMap((row) => row.deliveries.map((d) => ({ id: d.id, dueAt: new Date(d.dueAt) }))),
    };
  },

  /** Each user's unread notifications in the centre (users with none are left out). */
  unreadCounts: async (db: Executor, recipientIds: readonly string[]): Promise<Map<string, number>> => {
    if (recipientIds.length === 0) return new Map();
    const rows = await db
      .selectFrom('notifications')
      .select(['recipientId', (eb) => eb.fn.countAll<number>().as('unread')])
      .where('recipientId', 'in', recipientIds)
      .where(isUnreadInCentre('notifications'))
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
