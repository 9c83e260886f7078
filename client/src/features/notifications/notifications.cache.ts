import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type {
  Notification,
  NotificationLive,
  NotificationsRead,
  UnreadNotifications,
} from '../../../../common/notifications.ts';
import type { Page } from '../../../../common/pagination.ts';
import type { RealtimeSocket } from '../../lib/realtime.tsx';
import { notificationKeys } from './notifications.keys.ts';

/** How many notifications the bell's dropdown shows. */
export const LATEST_COUNT = 8;

/** Applies `change` to every cached copy of the user's notifications: the bell's latest and the centre's pages. */
export function patchNotifications(queryClient: QueryClient, change: (n: Notification) => Notification) {
  queryClient.setQueryData<Page<Notification>>(
    notificationKeys.latest(),
    (page) => page && { ...page, items: page.items.map(change) },
  );
  queryClient.setQueriesData<InfiniteData<Page<Notification>>>(
    { queryKey: notificationKeys.lists() },
    (data) => data && { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.map(change) })) },
  );
}

/**
 * A notification arrived, or a grouped one was counted up: the count is the server's, the bell's list shows it
 * first (once), and the centre's lists, whose filters only the server applies, are read again.
 */
export function receiveNotification(queryClient: QueryClient, { notification, unread }: NotificationLive) {
  queryClient.setQueryData<UnreadNotifications>(notificationKeys.unread(), { unread });
  queryClient.setQueryData<Page<Notification>>(
    notificationKeys.latest(),
    (page) =>
      page && {
        ...page,
        items: [notification, ...page.items.filter((n) => n.id !== notification.id)].slice(0, LATEST_COUNT),
      },
  );
  void queryClient.invalidateQueries({ queryKey: notificationKeys.lists() });
}

/**
 * Notifications were read elsewhere (another tab or device): those named are marked read where they are cached;
 * "all" read up to a moment only the server knows, so everything is read again.
 */
export function receiveRead(queryClient: QueryClient, { ids, unread }: NotificationsRead, now = new Date()) {
  queryClient.setQueryData<UnreadNotifications>(notificationKeys.unread(), { unread });
  if (ids === 'all') {
    void queryClient.invalidateQueries({
      queryKey: notificationKeys.all,
      predicate: (query) => query.queryKey[1] !== 'unread',
    });
    return;
  }
  const read = new Set(ids);
  const readAt = now.toISOString();
  patchNotifications(queryClient, (n) => (read.has(n.id) && !n.readAt ? { ...n, readAt } : n));
}

/**
 * A notification was marked unread, archived or unarchived elsewhere: shown as it is now where it is cached, and the
 * lists it may have left or joined (the inbox, the archive) are read again.
 */
export function receiveUpdate(queryClient: QueryClient, { notification, unread }: NotificationLive) {
  queryClient.setQueryData<UnreadNotifications>(notificationKeys.unread(), { unread });
  patchNotifications(queryClient, (n) => (n.id === notification.id ? notification : n));
  void queryClient.invalidateQueries({ queryKey: notificationKeys.latest() });
  void queryClient.invalidateQueries({ queryKey: notificationKeys.lists() });
}

/** Keeps the bell and the centre live from the socket's events; returns what stops it. */
export function keepNotificationsLive(socket: RealtimeSocket, queryClient: QueryClient): () => void {
  const created = (live: NotificationLive) => receiveNotification(queryClient, live);
  const read = (state: NotificationsRead) => receiveRead(queryClient, state);
  const updated = (live: NotificationLive) => receiveUpdate(queryClient, live);
  socket.on('notification:new', created);
  socket.on('notification:read', read);
  socket.on('notification:updated', updated);
  return () => {
    socket.off('notification:new', created);
    socket.off('notification:read', read);
    socket.off('notification:updated', updated);
  };
}
