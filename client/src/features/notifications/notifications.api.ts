import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type {
  Notification,
  NotificationPreferences,
  NotificationPreferencesInput,
} from '../../../../common/notifications.ts';
import type { Page } from '../../../../common/pagination.ts';
import { api } from '../../lib/api.ts';
import { LATEST_COUNT, patchNotifications } from './notifications.cache.ts';
import { type NotificationFilters, notificationKeys } from './notifications.keys.ts';

/** The newest notifications of the inbox, for the bell's dropdown. */
export function useLatestNotifications() {
  return useQuery({
    queryKey: notificationKeys.latest(),
    queryFn: ({ signal }) =>
      api<Page<Notification>>('/api/notifications', { query: { limit: LATEST_COUNT }, signal }),
  });
}

export function useNotificationList(filters: NotificationFilters, limit = 20) {
  return useInfiniteQuery({
    queryKey: notificationKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      api<Page<Notification>>('/api/notifications', {
        query: { ...filters, limit, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export type NotificationChange = 'read' | 'unread' | 'archive' | 'unarchive';

function changed(n: Notification, change: NotificationChange, at: string): Notification {
  if (change === 'read') return { ...n, readAt: n.readAt ?? at };
  if (change === 'unread') return { ...n, readAt: null };
  if (change === 'archive') return { ...n, archivedAt: n.archivedAt ?? at };
  return { ...n, archivedAt: null };
}

/**
 * Reads, unreads, archives or unarchives one notification: shown at once wherever it is cached, then the count and
 * the lists (which may no longer hold it, e.g. read in the "unread" view) are read again from the server.
 */
export function useChangeNotification() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: { id: string; change: NotificationChange }) =>
      api<unknown>(`/api/notifications/${id}/${change}`, { method: 'POST' }),
    onMutate: ({ id, change }) => {
      const at = new Date().toISOString();
      patchNotifications(queryClient, (n) => (n.id === id ? changed(n, change, at) : n));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

/** Marks read every notification up to `before` (the newest one the user saw), so that a newer one stays unread. */
export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (before: string | undefined) =>
      api<unknown>('/api/notifications/read-all', { method: 'POST', body: before ? { before } : {} }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

/** The newest moment among these notifications: what "mark all as read" covers. */
export function newestOf(items: Notification[]): string | undefined {
  return items.reduce<string | undefined>(
    (max, n) => (!max || n.updatedAt > max ? n.updatedAt : max),
    undefined,
  );
}

export function useNotificationPreferences() {
  return useQuery({
    queryKey: notificationKeys.preferences(),
    queryFn: ({ signal }) => api<NotificationPreferences>('/api/notification-preferences', { signal }),
  });
}

export function useSavePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NotificationPreferencesInput) =>
      api<NotificationPreferences>('/api/notification-preferences', { method: 'PUT', body: input }),
    onSuccess: (saved) => queryClient.setQueryData(notificationKeys.preferences(), saved),
  });
}
