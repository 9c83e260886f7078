import {
  type Notification,
  type NotificationPreferences,
  type NotificationType,
  ruleOf,
} from '../../../common/notifications.ts';
import type { Role } from '../../../common/users.ts';
import type { NotificationRow } from './notifications.repo.ts';
import { channelGrid, type Settings } from './preferences.ts';
import { type Locale, renderNotification } from './templates.ts';

/** A notification as its recipient reads it, its texts rendered in their language. */
export function toNotification(row: NotificationRow, locale: Locale): Notification {
  const type = row.type as NotificationType;
  const { title, body } = renderNotification(type, row.data, locale, row.groupCount);
  return {
    id: row.id,
    type,
    category: ruleOf(type).category,
    title,
    body,
    link: row.link,
    count: row.groupCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
    archivedAt: row.archivedAt?.toISOString() ?? null,
  };
}

/** A user's preferences as the API shows them: every type of their role, defaults applied. */
export function toPreferences(
  role: Role,
  settings: Settings,
  user: { locale: Locale; timeZone: string },
): NotificationPreferences {
  return {
    channels: channelGrid(role, settings.channels),
    quietHours: settings.quietHours,
    timeZone: user.timeZone,
    locale: user.locale,
    digest: settings.digest,
  };
}
