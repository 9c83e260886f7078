import {
  type ChannelOverrides,
  channelEnabled,
  type DigestFrequency,
  type NotificationChannel,
  type NotificationType,
  notificationChannels,
  ruleOf,
  typesForRole,
} from '../../../common/notifications.ts';
import type { Role } from '../../../common/users.ts';
import type { QuietHours } from './quiet-hours.ts';

/** A user's choices: the channel cells that differ from the defaults, the quiet hours, the digest. */
export type Settings = { channels: ChannelOverrides; quietHours: QuietHours | null; digest: DigestFrequency };

/** A `notification_settings` row as read (no row: the user kept every default). */
export type SettingsRow = {
  channels: ChannelOverrides;
  quietStart: string | null;
  quietEnd: string | null;
  digest: DigestFrequency;
};

export const defaultSettings: Settings = { channels: {}, quietHours: null, digest: 'off' };

/** 'HH:MM:SS' as PostgreSQL gives a `time` → 'HH:MM'. */
const hhmm = (time: string) => time.slice(0, 5);

export function settingsOf(row: SettingsRow | undefined): Settings {
  if (!row) return defaultSettings;
  return {
    channels: row.channels,
    quietHours:
      row.quietStart && row.quietEnd ? { start: hhmm(row.quietStart), end: hhmm(row.quietEnd) } : null,
    digest: row.digest,
  };
}

export type ChannelCells = Record<NotificationChannel, boolean>;

/** Every type the role receives, with its three channels as the user has them (defaults applied). */
export function channelGrid(role: Role, overrides: ChannelOverrides): Record<string, ChannelCells> {
  return Object.fromEntries(
    typesForRole(role).map((type) => [
      type,
      Object.fromEntries(
        notificationChannels.map((channel) => [channel, channelEnabled(overrides, type, channel)]),
      ) as ChannelCells,
    ]),
  );
}

/** The types among `changes` that a user of `role` cannot receive, and the locked ones it turns off. */
export function refusedChanges(role: Role, changes: ChannelOverrides) {
  const allowed = new Set(typesForRole(role));
  const entries = Object.entries(changes) as [NotificationType, Partial<ChannelCells>][];
  return {
    foreign: entries.filter(([type]) => !allowed.has(type)).map(([type]) => type),
    locked: entries
      .filter(([type, cells]) => ruleOf(type).locked && Object.values(cells).includes(false))
      .map(([type]) => type),
  };
}

/** The stored overrides after `changes`: only the cells that still differ from the defaults are kept. */
export function mergeChannels(current: ChannelOverrides, changes: ChannelOverrides): ChannelOverrides {
  const merged: ChannelOverrides = {};
  const types = new Set([...Object.keys(current), ...Object.keys(changes)] as NotificationType[]);
  for (const type of types) {
    const defaults = ruleOf(type).defaults;
    const cells = { ...current[type], ...changes[type] };
    const differing = Object.fromEntries(
      (Object.entries(cells) as [NotificationChannel, boolean][]).filter(
        ([channel, on]) => on !== defaults[channel],
      ),
    );
    if (Object.keys(differing).length > 0) merged[type] = differing;
  }
  return merged;
}
