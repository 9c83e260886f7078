import { type InfiniteData, QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { Notification, UnreadNotifications } from '../../../../common/notifications.ts';
import type { Page } from '../../../../common/pagination.ts';
import { LATEST_COUNT, receiveNotification, receiveRead, receiveUpdate } from './notifications.cache.ts';
import { notificationKeys } from './notifications.keys.ts';

const at = '2026-03-02T09:00:00.000Z';
const notification = (id: string, fields: Partial<Notification> = {}): Notification => ({
  id,
  type: 'dossier.status_changed',
  category: 'dossiers',
  title: `Dossier ${id}`,
  body: 'Votre dossier avance.',
  link: `/dossiers/${id}`,
  count: 1,
  createdAt: at,
  updatedAt: at,
  readAt: null,
  archivedAt: null,
  ...fields,
});

/** A client whose cache holds the unread count, the bell's latest and one page of the centre's inbox. */
function cached(latest: Notification[], inbox: Notification[] = latest) {
  const queryClient = new QueryClient();
  queryClient.setQueryData<UnreadNotifications>(notificationKeys.unread(), { unread: 1 });
  queryClient.setQueryData<Page<Notification>>(notificationKeys.latest(), {
    items: latest,
    nextCursor: null,
  });
  queryClient.setQueryData<InfiniteData<Page<Notification>>>(notificationKeys.list({ view: 'inbox' }), {
    pages: [{ items: inbox, nextCursor: null }],
    pageParams: [undefined],
  });
  const read = {
    unread: () => queryClient.getQueryData<UnreadNotifications>(notificationKeys.unread())?.unread,
    latest: () => queryClient.getQueryData<Page<Notification>>(notificationKeys.latest())?.items ?? [],
    inbox: () =>
      queryClient.getQueryData<InfiniteData<Page<Notification>>>(notificationKeys.list({ view: 'inbox' }))
        ?.pages[0]?.items ?? [],
    stale: (key: readonly unknown[]) => queryClient.getQueryState(key)?.isInvalidated,
  };
  return { queryClient, read };
}

describe('live notifications in the cache', () => {
  it('a new notification sets the unread count and comes first in the bell, once', () => {
    const { queryClient, read } = cached([notification('a'), notification('b')]);
    receiveNotification(queryClient, { notification: notification('c'), unread: 3 });
    expect(read.unread()).toBe(3);
    expect(read.latest().map((n) => n.id)).toEqual(['c', 'a', 'b']);
  });

  it('a grouped notification counted up moves to the top instead of appearing twice', () => {
    const { queryClient, read } = cached([notification('a'), notification('b', { count: 1 })]);
    receiveNotification(queryClient, { notification: notification('b', { count: 2 }), unread: 2 });
    expect(read.latest().map((n) => [n.id, n.count])).toEqual([
      ['b', 2],
      ['a', 1],
    ]);
  });

  it('the bell keeps only the latest ones', () => {
    const full = Array.from({ length: LATEST_COUNT }, (_, i) => notification(`n${i}`));
    const { queryClient, read } = cached(full);
    receiveNotification(queryClient, { notification: notification('newest'), unread: 9 });
    expect(read.latest()).toHaveLength(LATEST_COUNT);
    expect(read.latest()[0]?.id).toBe('newest');
    expect(read.latest().some((n) => n.id === `n${LATEST_COUNT - 1}`)).toBe(false);
  });

  it('a new notification makes the centre read its lists again', () => {
    const { queryClient, read } = cached([notification('a')]);
    receiveNotification(queryClient, { notification: notification('c'), unread: 2 });
    expect(read.stale(notificationKeys.list({ view: 'inbox' }))).toBe(true);
  });

  it('notifications read elsewhere are marked read wherever they are cached, the others untouched', () => {
    const { queryClient, read } = cached([notification('a'), notification('b')]);
    receiveRead(queryClient, { ids: ['a'], unread: 1 }, new Date(at));
    expect(read.unread()).toBe(1);
    expect(read.latest().map((n) => n.readAt)).toEqual([at, null]);
    expect(read.inbox().map((n) => n.readAt)).toEqual([at, null]);
  });

  it('"all read" elsewhere reads every list again, the count taken as given', () => {
    const { queryClient, read } = cached([notification('a')]);
    receiveRead(queryClient, { ids: 'all', unread: 0 });
    expect(read.unread()).toBe(0);
    expect(read.stale(notificationKeys.unread())).toBe(false);
    expect(read.stale(notificationKeys.latest())).toBe(true);
    expect(read.stale(notificationKeys.list({ view: 'inbox' }))).toBe(true);
  });

  it('a notification archived elsewhere is shown as it is now, and the lists it may leave are read again', () => {
    const { queryClient, read } = cached([notification('a'), notification('b')]);
    receiveUpdate(queryClient, { notification: notification('a', { archivedAt: at }), unread: 1 });
    expect(read.latest()[0]?.archivedAt).toBe(at);
    expect(read.inbox()[0]?.archivedAt).toBe(at);
    expect(read.stale(notificationKeys.latest())).toBe(true);
    expect(read.stale(notificationKeys.list({ view: 'inbox' }))).toBe(true);
  });
});
