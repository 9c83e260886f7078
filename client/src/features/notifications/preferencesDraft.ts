import {
  type ChannelOverrides,
  channelEnabled,
  type DigestFrequency,
  type NotificationChannel,
  type NotificationType,
  notificationChannels,
  ruleOf,
  typesForRole,
} from '../../../../common/notification-catalogue.ts';
import type {
  NotificationPreferences,
  NotificationPreferencesInput,
} from '../../../../common/notifications.ts';
import type { Role } from '../../../../common/roles.ts';

type Cells = Record<NotificationChannel, boolean>;
export type ChannelGrid = Partial<Record<NotificationType, Cells>>;

/** The preferences form as the user edits it: the grid of the role's types, the schedule, the language. */
export type PreferencesDraft = {
  channels: ChannelGrid;
  quietHours: { start: string; end: string } | null;
  timeZone: string;
  locale: 'fr' | 'en';
  digest: DigestFrequency;
};

export const defaultQuietHours = { start: '22:00', end: '07:00' };

/**
 * The form of saved preferences, for a user of this role on a device in `deviceZone`. While nothing is scheduled
 * (no quiet hours, no digest) the saved time zone is only the server's default: the device's is offered instead.
 */
export function draftOf(saved: NotificationPreferences, role: Role, deviceZone: string): PreferencesDraft {
  const overrides = saved.channels as ChannelOverrides;
  const channels: ChannelGrid = {};
  for (const type of typesForRole(role)) {
    const cells = notificationChannels.map((channel) => [channel, channelEnabled(overrides, type, channel)]);
    channels[type] = Object.fromEntries(cells) as Cells;
  }
  const scheduled = saved.quietHours !== null || saved.digest !== 'off';
  return {
    channels,
    quietHours: saved.quietHours,
    timeZone: scheduled ? saved.timeZone : deviceZone,
    locale: saved.locale,
    digest: saved.digest,
  };
}

/** The PUT body of a draft: the cells the user may change (security notices are not theirs to change). */
export function inputOf(draft: PreferencesDraft): NotificationPreferencesInput {
  const channels: ChannelGrid = {};
  for (const [type, cells] of Object.entries(draft.channels) as [NotificationType, Cells][]) {
    if (!ruleOf(type).locked) channels[type] = cells;
  }
  return {
    channels,
    quietHours: draft.quietHours,
    timeZone: draft.timeZone,
    locale: draft.locale,
    digest: draft.digest,
  };
}
