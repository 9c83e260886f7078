import { sql } from 'kysely';
import type { ChannelOverrides, DigestFrequency } from '../../../common/notifications.ts';
import type { Executor } from '../../db/pool.ts';

/**
 * The settings columns; `channels` read as text: its keys are type and channel names ('dossier.status_changed',
 * 'in_app'), which the camel-case plugin would rewrite in a JSON object it returns.
 */
const settingsQuery = (db: Executor) =>
  db
    .selectFrom('notificationSettings')
    .select(['userId', 'quietStart', 'quietEnd', 'digest', sql<string>`channels::text`.as('channels')]);

/** A settings row with its `channels` read as text, parsed. */
export const parsedSettings = <Row extends { channels: string }>(
  row: Row,
): Omit<Row, 'channels'> & { channels: ChannelOverrides } => ({
  ...row,
  channels: JSON.parse(row.channels) as ChannelOverrides,
});

/** The settings columns of a `notification_settings s` joined to another table (no row: every column null). */
export const joinedSettingsColumns = sql`s.channels::text AS channels, s.quiet_start, s.quiet_end, s.digest`;

/** What `joinedSettingsColumns` read. */
export type JoinedSettings = {
  channels: string | null;
  quietStart: string | null;
  quietEnd: string | null;
  digest: DigestFrequency | null;
};

/** The settings row `joinedSettingsColumns` read; undefined when there was none (`channels` is NOT NULL). */
export const joinedSettings = ({ channels, quietStart, quietEnd, digest }: JoinedSettings) =>
  channels === null ? undefined : parsedSettings({ channels, quietStart, quietEnd, digest: digest! });

export const preferencesRepo = {
  find: async (db: Executor, userId: string) => {
    const row = await settingsQuery(db).where('userId', '=', userId).executeTakeFirst();
    return row && parsedSettings(row);
  },

  /** The user's row, made with the defaults when missing, locked until the caller's transaction ends. */
  lockOrCreate: async (db: Executor, userId: string, at: Date) => {
    await db
      .insertInto('notificationSettings')
      .values({
        userId,
        channels: '{}',
        quietStart: null,
        quietEnd: null,
        digest: 'off',
        lastDigestAt: null,
        updatedAt: at,
      })
      .onConflict((oc) => oc.column('userId').doNothing())
      .execute();
    return parsedSettings(
      await settingsQuery(db).where('userId', '=', userId).forUpdate().executeTakeFirstOrThrow(),
    );
  },

  save: (
    db: Executor,
    userId: string,
    settings: {
      channels: ChannelOverrides;
      quietStart: string | null;
      quietEnd: string | null;
      digest: DigestFrequency;
      updatedAt: Date;
    },
  ) =>
    db
      .updateTable('notificationSettings')
      .set({ ...settings, channels: JSON.stringify(settings.channels) })
      .where('userId', '=', userId)
      .execute(),
};
