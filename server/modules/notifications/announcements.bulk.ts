import { sql } from 'kysely';
import type { AnnouncementSegment } from '../../../common/announcements.ts';
import { type ChannelOverrides, channelEnabled, ruleOf } from '../../../common/notifications.ts';
import type { Executor } from '../../db/pool.ts';
import { announcementEventKey } from './announcements.repo.ts';
import { segmentCondition } from './announcements.segments.ts';
import { dueAt } from './deliveries.rules.ts';
import { type SettingsRow, settingsOf } from './preferences.ts';

/** A recipient's preferences as the segment's query reads them (`channels`: JSON text). */
export type RecipientSettings = Omit<SettingsRow, 'channels'> & {
  userId: string;
  timeZone: string;
  channels: string;
};

/** Column-wise (one array per column), so that the statement takes them as a handful of parameters. */
export type RecipientChoices = {
  userIds: string[];
  inApp: boolean[];
  email: boolean[];
  push: boolean[];
  /** When their e-mail and push may go out: now, or the end of their quiet hours. */
  dueAt: Date[];
};

/** The choices of the recipients who have preferences, by the rules every notification follows. */
export function choicesOf(rows: RecipientSettings[], now: Date): RecipientChoices {
  const choices: RecipientChoices = { userIds: [], inApp: [], email: [], push: [], dueAt: [] };
  for (const row of rows) {
    const settings = settingsOf({ ...row, channels: JSON.parse(row.channels) as ChannelOverrides });
    choices.userIds.push(row.userId);
    choices.inApp.push(channelEnabled(settings.channels, 'announcement', 'in_app'));
    choices.email.push(channelEnabled(settings.channels, 'announcement', 'email'));
    choices.push.push(channelEnabled(settings.channels, 'announcement', 'push'));
    // An announcement is not grouped: its e-mail and its push fall due together.
    choices.dueAt.push(dueAt('announcement', 'email', now, { settings, timeZone: row.timeZone }, 0));
  }
  return choices;
}

/** A UUID v7 made in SQL for each row, from the injected clock's time (ids stay time-ordered). */
const uuidv7At = (at: Date) => sql`encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
  placing substring(int8send(${at.getTime()}::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid`;

export type BulkAnnouncement = {
  id: string;
  segment: AnnouncementSegment;
  /** The channels the admin chose besides in-app. */
  deliveryChannels: ('email' | 'push')[];
  data: { titleFr: string; bodyFr: string; titleEn: string; bodyEn: string };
};

/** One of the `of` slices of a segment (by a hash of the user id), stored by its own statement. */
export type Part = { index: number; of: number };

/**
 * Stores the announcement for the recipients of one part of its segment who do not have it yet, in one statement:
 * their notification, its exactly-once event and its e-mail and push deliveries as their choices allow. Run again (a
 * retried send), it inserts nothing twice: those who have it are left out, and the event's primary key refuses a
 * second one whatever happens. Returns how many recipients it stored.
 *
 * The centre's search text is the two titles: the body, the same for 100,000 recipients, would multiply the
 * trigram index's work by three on this path.
 */
export async function storeForSegment(
  db: Executor,
  announcement: BulkAnnouncement,
  choices: RecipientChoices,
  part: Part,
  now: Date,
): Promise<number> {
  const eventKey = announcementEventKey(announcement.id);
  const defaults = ruleOf('announcement').defaults;
  const { titleFr, titleEn } = announcement.data;
  // Two sends of the same part (an instance taking over a stalled send) wait for each other.
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`${eventKey}:${part.index}/${part.of}`}, 0))`.execute(
    db,
  );
  // The references of the rows stored here are checked one by one, with plans this connection keeps: made while
  // `notifications` was small, they scan the whole table for each row, and this statement makes it large (15 to 30 s
  // a part of 10,000 instead of one). Planned again now, they fit the tables as they are.
  await sql`DISCARD PLANS`.execute(db);
  const { rows } = await sql<{ stored: number }>`
    WITH choices AS (
      SELECT * FROM unnest(${choices.userIds}::uuid[], ${choices.inApp}::boolean[], ${choices.email}::boolean[],
        ${choices.push}::boolean[], ${choices.dueAt}::timestamptz[]) AS ch (user_id, in_app, email, push, due_at)
    ),
    recipients AS MATERIALIZED (
      SELECT u.id AS recipient_id, ${uuidv7At(now)} AS notification_id,
             coalesce(ch.in_app, ${defaults.in_app}) AS in_app,
             coalesce(ch.email, ${defaults.email}) AS email,
             -- A push to someone with no subscribed browser would only be skipped later.
             coalesce(ch.push, ${defaults.push})
               AND EXISTS (SELECT 1 FROM push_subscriptions ps WHERE ps.user_id = u.id) AS push,
             coalesce(ch.due_at, ${now}) AS due_at
      FROM users u LEFT JOIN choices ch ON ch.user_id = u.id
      WHERE ${segmentCondition(announcement.segment)}
        AND abs(hashtextextended(u.id::text, 0) % ${part.of}) = ${part.index}
        AND NOT EXISTS (SELECT 1 FROM notifications n
          WHERE n.announcement_id = ${announcement.id} AND n.recipient_id = u.id)
    ),
    notified AS (
      INSERT INTO notifications (id, recipient_id, type, data, link, in_app, search_text, announcement_id,
        created_at, updated_at)
      SELECT notification_id, recipient_id, 'announcement', ${JSON.stringify(announcement.data)}::jsonb,
             '/notifications?id=' || notification_id, in_app, ${`${titleFr}\n${titleEn}`},
             ${announcement.id}, ${now}, ${now}
      FROM recipients
    ),
    events AS (
      INSERT INTO notification_events (recipient_id, event_key, notification_id, created_at)
      SELECT recipient_id, ${eventKey}, notification_id, ${now} FROM recipients
    ),
    deliveries AS (
      INSERT INTO notification_deliveries (id, notification_id, recipient_id, event_key, channel, status, due_at,
        created_at)
      SELECT ${uuidv7At(now)}, r.notification_id, r.recipient_id, ${eventKey}, channel, 'pending', r.due_at, ${now}
      FROM recipients r CROSS JOIN unnest(${announcement.deliveryChannels}::text[]) AS channels (channel)
      WHERE (channel = 'email' AND r.email) OR (channel = 'push' AND r.push)
    )
    SELECT count(*)::int AS stored FROM recipients`.execute(db);
  return rows[0]?.stored ?? 0;
}
