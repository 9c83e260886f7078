import { useTranslation } from 'react-i18next';
import type { Notification } from '../../../../common/notifications.ts';
import { formatDateTime } from '../../lib/format.ts';
import { timeAgo } from './timeAgo.ts';

/** A notification's title (marked when unread), body and time, as the bell and the centre show it. */
export function NotificationText({ notification: n }: { notification: Notification }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <span className="flex items-start gap-2">
        {!n.readAt && (
          <span className="mt-1.5 size-2 shrink-0 rounded-full bg-blue-600">
            <span className="sr-only">{t('notifications.unread')}</span>
          </span>
        )}
        <span className={`text-sm ${n.readAt ? 'text-slate-800' : 'font-semibold text-slate-900'}`}>
          {n.title}
        </span>
      </span>
      <span className="mt-0.5 line-clamp-2 block text-sm text-slate-600">{n.body}</span>
      <time
        dateTime={n.updatedAt}
        title={formatDateTime(n.updatedAt)}
        className="block text-xs text-slate-600"
      >
        {timeAgo(n.updatedAt, i18n.language)}
      </time>
    </>
  );
}
