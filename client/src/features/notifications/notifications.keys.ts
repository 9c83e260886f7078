import type { NotificationCategory } from '../../../../common/notification-catalogue.ts';

/** What the notification centre lists: a view, a category, a search. */
export type NotificationFilters = {
  view: 'inbox' | 'unread' | 'archived';
  category?: NotificationCategory;
  q?: string;
};

/**
 * Query keys of the user's notifications; `all` covers the unread count, the bell's latest and the centre's lists
 * (what a live event or a change of state touches). The preferences and the push state are apart: a notification
 * never changes them.
 */
export const notificationKeys = {
  all: ['notifications'] as const,
  unread: () => ['notifications', 'unread'] as const,
  latest: () => ['notifications', 'latest'] as const,
  lists: () => ['notifications', 'list'] as const,
  list: (filters: NotificationFilters) => ['notifications', 'list', filters] as const,
  preferences: () => ['notification-preferences'] as const,
  /** This browser's push state (permission and subscription), which belongs to the device. */
  push: () => ['push-state'] as const,
};
