import '../../i18n/notification-pages.ts';
import { type RefObject, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { focusRing } from '../../ui/Button.tsx';
import { ErrorAlert, LoadingRows } from '../../ui/Feedback.tsx';
import { NotificationText } from './NotificationText.tsx';
import {
  newestOf,
  useChangeNotification,
  useLatestNotifications,
  useMarkAllRead,
} from './notifications.api.ts';
import { useUnreadNotifications } from './unread.api.ts';

type Props = {
  id: string;
  /** The bell and its dropdown: a click or the focus outside it closes the dropdown. */
  container: RefObject<HTMLElement | null>;
  /** Closes the dropdown; `returnFocus` puts the focus back on the bell (Escape). */
  onClose: (returnFocus: boolean) => void;
};

/** The bell's dropdown: the latest notifications, each opening its object, "mark all as read", the centre. */
export function BellMenu({ id, container, onClose }: Props) {
  const { t } = useTranslation();
  const latest = useLatestNotifications();
  const change = useChangeNotification();
  const readAll = useMarkAllRead();
  const unread = useUnreadNotifications().data?.unread ?? 0;
  const heading = useRef<HTMLHeadingElement>(null);
  const headingId = useId();
  const items = latest.data?.items ?? [];

  useEffect(() => {
    heading.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose(true);
    };
    // A click or the focus (tabbing on) going elsewhere closes the dropdown.
    const onAway = (e: Event) => {
      if (!container.current?.contains(e.target as Node)) onClose(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onAway);
    document.addEventListener('focusin', onAway);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onAway);
      document.removeEventListener('focusin', onAway);
    };
  }, [container, onClose]);

  const link = `rounded text-sm font-medium text-blue-700 underline-offset-2 hover:underline ${focusRing}`;
  return (
    <section
      id={id}
      aria-labelledby={headingId}
      className="absolute inset-x-2 top-full z-30 mt-1 flex max-h-[calc(100dvh-9rem)] flex-col rounded-xl border border-slate-200 bg-white shadow-xl sm:inset-x-auto sm:right-0 sm:w-96 md:max-h-[calc(100dvh-5rem)]"
    >
      <div className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-3">
        <h2 id={headingId} ref={heading} tabIndex={-1} className="font-semibold outline-none">
          {t('notifications.title')}
        </h2>
        <button
          type="button"
          className={link}
          disabled={readAll.isPending || unread === 0}
          onClick={() => readAll.mutate(newestOf(items))}
        >
          {t('notifications.readAll')}
        </button>
      </div>
      {/* The list scrolls between the heading and the links, which stay in view (above the phone's tab bar). */}
      <div className="min-h-0 overflow-y-auto px-2 py-2">
        {latest.isPending ? (
          <LoadingRows rows={3} />
        ) : latest.isError ? (
          <ErrorAlert error={latest.error} />
        ) : items.length === 0 ? (
          <p className="px-2 py-6 text-center text-sm text-slate-600">{t('notifications.none')}</p>
        ) : (
          <ul className="space-y-1">
            {items.map((n) => (
              <li key={n.id}>
                <Link
                  to={n.link}
                  data-testid="bell-notification"
                  onClick={() => {
                    if (!n.readAt) change.mutate({ id: n.id, change: 'read' });
                    onClose(false);
                  }}
                  className={`block rounded-lg px-2 py-2 hover:bg-slate-100 ${focusRing}`}
                >
                  <NotificationText notification={n} />
                </Link>
              </li>
            ))}
          </ul>
        )}
        <ErrorAlert error={readAll.error ?? change.error} />
      </div>
      <div className="flex justify-between gap-2 border-t border-slate-200 px-4 py-3">
        <Link to="/notifications" className={link} onClick={() => onClose(false)}>
          {t('notifications.seeAll')}
        </Link>
        <Link to="/notifications/preferences" className={link} onClick={() => onClose(false)}>
          {t('notifications.preferences')}
        </Link>
      </div>
    </section>
  );
}
