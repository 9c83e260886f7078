import { type Insertable, type Selectable, sql } from 'kysely';
import type { AnnouncementSegment, AnnouncementStatistics } from '../../../common/announcements.ts';
import type { Executor } from '../../db/pool.ts';
import type { RowOf } from '../../db/rows.ts';
import type { Database } from '../../db/schema.ts';
import { fetchLimit } from '../../platform/cursor.ts';
import { segmentCondition } from './announcements.segments.ts';

const announcementView = (db: Executor) =>
  db
    .selectFrom('announcements as a')
    .innerJoin('users as u', 'u.id', 'a.authorId')
    .selectAll('a')
    .select(['u.firstName as authorFirstName', 'u.lastName as authorLastName']);

export type AnnouncementRow = RowOf<typeof announcementView>;
export type AnnouncementsTableRow = Selectable<Database['announcements']>;

/** The event key of an announcement: one notification per recipient, whatever the retries. */
export const announcementEventKey = (id: string) => `announcement:${id}`;

export const announcementsRepo = {
  insert: (db: Executor, row: Insertable<Database['announcements']>) =>
    db.insertInto('announcements').values(row).execute(),

  find: (db: Executor, id: string) => announcementView(db).where('a.id', '=', id).executeTakeFirst(),

  /** Newest first (ids are time-ordered). */
  list: (db: Executor, { afterId, limit }: { afterId?: string; limit: number }) => {
    let query = announcementView(db);
    if (afterId) query = query.where('a.id', '<', afterId);
    return query.orderBy('a.id', 'desc').limit(fetchLimit(limit)).execute();
  },

  /** The announcement, locked while a send claims it: one claim at a time, whichever instance. */
  lockForSend: (db: Executor, id: string) =>
    db.selectFrom('announcements').selectAll().where('id', '=', id).forUpdate().executeTakeFirst(),

  cancel: (db: Executor, id: string, at: Date) =>
    db
      .updateTable('announcements')
      .set({ status: 'cancelled', updatedAt: at })
      .where('id', '=', id)
      .where('status', '=', 'scheduled')
      .executeTakeFirst(),

  /** The send claimed: others leave it alone while it is fresh (`touch`ed as it goes). */
  markSending: (db: Executor, id: string, at: Date) =>
    db.updateTable('announcements').set({ status: 'sending', updatedAt: at }).where('id', '=', id).execute(),

  touch: (db: Executor, id: string, at: Date) =>
    db.updateTable('announcements').set({ updatedAt: at }).where('id', '=', id).execute(),

  /** Stored for every recipient: how many have it. */
  markStored: (db: Executor, id: string, at: Date) =>
    db
      .updateTable('announcements')
      .set((eb) => ({
        recipientCount: eb
          .selectFrom('notifications')
          .select(eb.fn.countAll<number>().as('count'))
          .where('announcementId', '=', id),
        updatedAt: at,
      }))
      .where('id', '=', id)
      .execute(),

  markSent: (db: Executor, id: string, at: Date) =>
    db
      .updateTable('announcements')
      .set({ status: 'sent', sentAt: at, updatedAt: at })
      .where('id', '=', id)
      .where('status', '=', 'sending')
      .execute(),

  /**
   * Announcements whose send is due and not done: scheduled ones whose time came, and sends left unfinished (an
   * instance stopped mid-way) for longer than a send takes.
   */
  due: (db: Executor, now: Date, staleBefore: Date) =>
    db
      .selectFrom('announcements')
      .select('id')
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'scheduled'), eb('scheduledAt', '<=', now)]),
          eb.and([eb('status', '=', 'sending'), eb('updatedAt', '<', staleBefore)]),
        ]),
      )
      .orderBy('scheduledAt')
      .execute(),

  countSegment: async (db: Executor, segment: AnnouncementSegment) => {
    const { rows } = await sql<{ count: number }>`
      SELECT count(*)::int AS count FROM users u WHERE ${segmentCondition(segment)}`.execute(db);
    return rows[0]?.count ?? 0;
  },

  sampleSegment: (db: Executor, segment: AnnouncementSegment, limit: number) =>
    db
      .selectFrom('users as u')
      .select(['u.id', 'u.firstName', 'u.lastName', 'u.role'])
      .where(segmentCondition(segment))
      .orderBy('u.lastName')
      .orderBy('u.firstName')
      .orderBy('u.id')
      .limit(limit)
      .execute(),

  /**
   * The preferences of the segment's accounts that have any (the others keep the catalogue's defaults), `channels`
   * as JSON text: the query builder would camel-case its keys ('in_app').
   */
  segmentSettings: (db: Executor, segment: AnnouncementSegment) =>
    db
      .selectFrom('users as u')
      .innerJoin('notificationSettings as s', 's.userId', 'u.id')
      .select(['u.id as userId', 'u.timeZone', 's.quietStart', 's.quietEnd', 's.digest'])
      .select(sql<string>`s.channels::text`.as('channels'))
      .where(segmentCondition(segment))
      .execute(),

  /**
   * The e-mail and push deliveries of an announcement still waiting for their job: by the announcement's event key,
   * on the index of pending deliveries, whatever the statistics say (they may predate the rows just stored).
   */
  pendingDeliveries: (db: Executor, id: string) =>
    db
      .selectFrom('notificationDeliveries')
      .select(['id', 'dueAt'])
      .where('eventKey', '=', announcementEventKey(id))
      .where('status', '=', 'pending')
      .orderBy('id'),

  /** The in-app notifications of an announcement for these recipients, with their language. */
  liveNotifications: (db: Executor, id: string, recipientIds: string[]) =>
    db
      .selectFrom('notificationEvents as e')
      .innerJoin('notifications as n', 'n.id', 'e.notificationId')
      .innerJoin('users as u', 'u.id', 'e.recipientId')
      .select([
        'n.id',
        'n.recipientId',
        'n.type',
        'n.groupKey',
        'n.groupCount',
        'n.data',
        'n.link',
        'n.inApp',
        'n.createdAt',
        'n.updatedAt',
        'n.readAt',
        'n.archivedAt',
        'u.locale',
      ])
      .where('e.recipientId', '=', sql<string>`ANY(${recipientIds}::uuid[])`)
      .where('e.eventKey', '=', announcementEventKey(id))
      .where('n.inApp', '=', true)
      .execute(),

  statistics: async (db: Executor, id: string): Promise<AnnouncementStatistics> => {
    const { rows } = await sql<AnnouncementStatistics>`
      SELECT count(*)::int AS recipients,
             count(*) FILTER (WHERE n.in_app)::int AS delivered,
             count(*) FILTER (WHERE n.read_at IS NOT NULL)::int AS read,
             coalesce(sum(d.emails_sent), 0)::int AS emails_sent,
             coalesce(sum(d.emails_failed), 0)::int AS emails_failed,
             coalesce(sum(d.pushes_sent), 0)::int AS pushes_sent,
             coalesce(sum(d.pushes_failed), 0)::int AS pushes_failed
      FROM notifications n
      LEFT JOIN LATERAL (
        SELECT count(*) FILTER (WHERE channel = 'email' AND status = 'sent') AS emails_sent,
               count(*) FILTER (WHERE channel = 'email' AND status = 'failed') AS emails_failed,
               count(*) FILTER (WHERE channel = 'push' AND status = 'sent') AS pushes_sent,
               count(*) FILTER (WHERE channel = 'push' AND status = 'failed') AS pushes_failed
        FROM notification_deliveries WHERE notification_id = n.id
      ) d ON true
      WHERE n.announcement_id = ${id}`.execute(db);
    return rows[0]!;
  },
};
