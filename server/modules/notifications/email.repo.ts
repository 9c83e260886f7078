import { sql } from 'kysely';
import type { EmailStatus } from '../../../common/emails.ts';
import type { NotificationType } from '../../../common/notifications.ts';
import type { Executor } from '../../db/pool.ts';
import { fetchLimit } from '../../platform/cursor.ts';

export type OutboxFilters = {
  status?: EmailStatus;
  kind?: string;
  recipient?: string;
  after?: { createdAt: Date; id: string };
  limit: number;
};

const listColumns = [
  'id',
  'toAddress',
  'userId',
  'kind',
  'locale',
  'subject',
  'status',
  'attempts',
  'lastError',
  'createdAt',
  'sentAt',
] as const;

export const emailRepo = {
  /** The outbox, newest first (keyset pagination on the `email_messages_recent_idx` order). */
  list: (db: Executor, f: OutboxFilters) => {
    let query = db.selectFrom('emailMessages').select(listColumns);
    if (f.status) query = query.where('status', '=', f.status);
    if (f.kind) query = query.where('kind', '=', f.kind);
    if (f.recipient) {
      query = query.where('toAddress', 'ilike', `%${f.recipient.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
    }
    if (f.after) query = query.where(sql<boolean>`(created_at, id) < (${f.after.createdAt}, ${f.after.id})`);
    return query.orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(fetchLimit(f.limit)).execute();
  },

  find: (db: Executor, id: string) =>
    db
      .selectFrom('emailMessages')
      .select([...listColumns, 'html', 'text', 'headers', 'smtpMessageId'])
      .where('id', '=', id)
      .executeTakeFirst(),

  /** Turns the e-mail channel of one type off in the user's preferences, keeping their other cells. */
  disableEmail: (db: Executor, userId: string, type: NotificationType, at: Date) =>
    db
      .insertInto('notificationSettings')
      .values({
        userId,
        channels: JSON.stringify({ [type]: { email: false } }),
        quietStart: null,
        quietEnd: null,
        digest: 'off',
        lastDigestAt: null,
        updatedAt: at,
      })
      .onConflict((oc) =>
        oc.column('userId').doUpdateSet({
          channels: sql`notification_settings.channels || jsonb_build_object(
            ${type}::text, coalesce(notification_settings.channels -> ${type}::text, '{}'::jsonb) || '{"email": false}'::jsonb
          )`,
          updatedAt: at,
        }),
      )
      .execute(),
};
