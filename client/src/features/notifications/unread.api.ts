import { useQuery } from '@tanstack/react-query';
import type { UnreadNotifications } from '../../../../common/notifications.ts';
import { api } from '../../lib/api.ts';
import { notificationKeys } from './notifications.keys.ts';

/**
 * The signed-in user's unread notifications, which the bell shows on every page: apart from notifications.api.ts so
 * that the app shell does not load the rest of the feature's data code.
 */
export function useUnreadNotifications() {
  return useQuery({
    queryKey: notificationKeys.unread(),
    queryFn: ({ signal }) => api<UnreadNotifications>('/api/notifications/unread', { signal }),
  });
}
