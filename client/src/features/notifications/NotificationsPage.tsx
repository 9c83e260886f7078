import '../../i18n/notification-pages.ts';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import {
  type NotificationCategory,
  notificationCategories,
} from '../../../../common/notification-catalogue.ts';
import type { Notification } from '../../../../common/notifications.ts';
import { useDebouncedValue } from '../../lib/useDebounced.ts';
import { Button, focusRing } from '../../ui/Button.tsx';
import { EmptyState, ErrorAlert, PageHeader } from '../../ui/Feedback.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { PagedList } from '../../ui/PagedList.tsx';
import { NotificationText } from './NotificationText.tsx';
import {
  type NotificationChange,
  newestOf,
  useChangeNotification,
  useMarkAllRead,
  useNotificationList,
} from './notifications.api.ts';
import type { NotificationFilters } from './notifications.keys.ts';
import { useUnreadNotifications } from './unread.api.ts';

const views = ['inbox', 'unread', 'archived'] as const;

const actionLabel: Record<NotificationChange, string> = {
  read: 'notifications.markRead',
  unread: 'notifications.markUnread',
  archive: 'notifications.archive',
  unarchive: 'notifications.unarchive',
};

type RowProps = {
  notification: Notification;
  highlighted: boolean;
  mutation: ReturnType<typeof useChangeNotification>;
};

function NotificationRow({ notification: n, highlighted, mutation }: RowProps) {
  const { t } = useTranslation();
  const row = useRef<HTMLLIElement>(null);
  useEffect(() => {
    if (highlighted) row.current?.scrollIntoView({ block: 'center' });
  }, [highlighted]);
  const act = (kind: NotificationChange) => (
    <Button
      size="sm"
      variant="secondary"
      aria-label={`${t(actionLabel[kind])}, ${n.title}`}
      busy={mutation.isPending && mutation.variables?.id === n.id && mutation.variables.change === kind}
      onClick={() => mutation.mutate({ id: n.id, change: kind })}
    >
      {t(actionLabel[kind])}
    </Button>
  );
  return (
    <li
      ref={row}
      data-testid="notification"
      data-read={n.readAt ? 'true' : 'false'}
      aria-current={highlighted || undefined}
      className={`flex flex-wrap items-start gap-3 p-4 ${highlighted ? 'bg-amber-50 ring-2 ring-amber-400 ring-inset' : ''}`}
    >
      <Link
        to={n.link}
        onClick={() => !n.readAt && mutation.mutate({ id: n.id, change: 'read' })}
        className={`min-w-0 flex-1 basis-60 rounded ${focusRing}`}
      >
        <NotificationText notification={n} />
      </Link>
      <div className="flex flex-wrap gap-2">
        {act(n.readAt ? 'unread' : 'read')}
        {act(n.archivedAt ? 'unarchive' : 'archive')}
      </div>
    </li>
  );
}

/** The notification centre: every notification of the user, filtered, searched, read and archived one by one. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const highlight = params.get('id');
  const [view, setView] = useState<NotificationFilters['view']>('inbox');
  const [category, setCategory] = useState<NotificationCategory | ''>('');
  const [q, setQ] = useState('');
  const search = useDebouncedValue(q.trim());
  const filters: NotificationFilters = {
    view,
    category: category || undefined,
    // The server searches from two characters on.
    q: search.length >= 2 ? search : undefined,
  };
  const list = useNotificationList(filters);
  const change = useChangeNotification();
  const readAll = useMarkAllRead();
  const unread = useUnreadNotifications().data?.unread ?? 0;
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  // Opened from a link to one notification (an announcement, a push): it is read by being shown, once.
  const shown = items.find((n) => n.id === highlight);
  const markedShown = useRef<string | null>(null);
  const { mutate } = change;
  useEffect(() => {
    if (!shown || shown.readAt || markedShown.current === shown.id) return;
    markedShown.current = shown.id;
    mutate({ id: shown.id, change: 'read' });
  }, [shown, mutate]);

  return (
    <>
      <PageHeader title={t('notifications.title')}>
        <div className="flex flex-wrap items-center gap-3">
          <Link
            to="/notifications/preferences"
            className={`rounded text-sm font-medium text-blue-700 underline ${focusRing}`}
          >
            {t('notifications.preferences')}
          </Link>
          <Button
            variant="secondary"
            busy={readAll.isPending}
            disabled={unread === 0}
            onClick={() => readAll.mutate(newestOf(items))}
          >
            {t('notifications.readAll')}
          </Button>
        </div>
      </PageHeader>
      <div className="mb-4 grid gap-3 sm:grid-cols-3">
        <SelectField
          label={t('notifications.view')}
          value={view}
          options={views.map((v) => ({ value: v, label: t(`notifications.views.${v}`) }))}
          onChange={(e) => setView(e.target.value as NotificationFilters['view'])}
        />
        <SelectField
          label={t('notifications.category')}
          value={category}
          placeholder={t('common.all')}
          options={notificationCategories.map((c) => ({
            value: c,
            label: t(`notifications.categories.${c}`),
          }))}
          onChange={(e) => setCategory(e.target.value as NotificationCategory | '')}
        />
        <TextField
          label={t('common.search')}
          type="search"
          placeholder={t('notifications.searchPlaceholder')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
      </div>
      <div className="mb-4 space-y-2">
        <ErrorAlert error={change.error ?? readAll.error} />
      </div>
      <PagedList
        query={list}
        label={t(`notifications.views.${view}`)}
        empty={
          <EmptyState
            title={
              filters.category || filters.q ? t('notifications.noMatch') : t(`notifications.empty.${view}`)
            }
          />
        }
        className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white shadow-sm"
        loadMoreClassName="mt-4"
      >
        {(n) => (
          <NotificationRow key={n.id} notification={n} highlighted={n.id === highlight} mutation={change} />
        )}
      </PagedList>
    </>
  );
}
