import '../../i18n/notification-pages.ts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Announcement, AnnouncementStatistics } from '../../../../common/announcements.ts';
import { formatDateTime } from '../../lib/format.ts';
import { Button } from '../../ui/Button.tsx';
import { EmptyState, ErrorAlert, LoadingRows, Notice, PageHeader } from '../../ui/Feedback.tsx';
import { PagedList } from '../../ui/PagedList.tsx';
import { AnnouncementComposer } from './AnnouncementComposer.tsx';
import { useAnnouncement, useAnnouncements, useCancelAnnouncement } from './announcements.api.ts';

const statisticKeys: (keyof AnnouncementStatistics)[] = [
  'recipients',
  'delivered',
  'read',
  'emailsSent',
  'emailsFailed',
  'pushesSent',
  'pushesFailed',
];

const statusTone: Record<Announcement['status'], string> = {
  scheduled: 'bg-amber-100 text-amber-900',
  sending: 'bg-blue-100 text-blue-900',
  sent: 'bg-emerald-100 text-emerald-900',
  cancelled: 'bg-slate-100 text-slate-700',
};

/** The delivery statistics of one announcement, read when the admin opens them. */
function Statistics({ id }: { id: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const detail = useAnnouncement(id, open);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)} className="mt-2 text-sm">
      <summary className="cursor-pointer font-medium text-blue-700">{t('announcements.statsTitle')}</summary>
      {detail.isPending ? (
        open && <LoadingRows rows={1} />
      ) : detail.isError ? (
        <ErrorAlert error={detail.error} />
      ) : (
        <dl data-testid="announcement-stats" className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-4">
          {statisticKeys.map((key) => (
            <div key={key} className="rounded-lg bg-slate-50 p-2">
              <dt className="text-xs text-slate-600">{t(`announcements.stats.${key}`)}</dt>
              <dd className="font-semibold">{detail.data.statistics[key]}</dd>
            </div>
          ))}
        </dl>
      )}
    </details>
  );
}

function AnnouncementRow({ announcement: a, cancel }: { announcement: Announcement; cancel: () => void }) {
  const { t, i18n } = useTranslation();
  const title = i18n.language === 'en' ? a.titleEn : a.titleFr;
  return (
    <li data-testid="announcement-row" className="p-4">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <p className="font-medium">{title}</p>
          <p className="text-xs text-slate-600">
            {a.status === 'scheduled'
              ? t('announcements.scheduledFor', { date: formatDateTime(a.scheduledAt) })
              : t('announcements.sentOn', { date: formatDateTime(a.sentAt ?? a.scheduledAt) })}
            {a.recipientCount !== null && ` · ${t('announcements.count', { count: a.recipientCount })}`}
          </p>
        </div>
        <div className="flex items-center gap-2">
          <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${statusTone[a.status]}`}>
            {t(`announcements.status.${a.status}`)}
          </span>
          {a.status === 'scheduled' && (
            <Button
              size="sm"
              variant="danger"
              aria-label={`${t('announcements.cancel')}, ${title}`}
              onClick={cancel}
            >
              {t('announcements.cancel')}
            </Button>
          )}
        </div>
      </div>
      {a.status !== 'cancelled' && a.status !== 'scheduled' && <Statistics id={a.id} />}
    </li>
  );
}

/** The admins' announcements: the composer, then every announcement with its state and statistics. */
export function AnnouncementsPage() {
  const { t } = useTranslation();
  const list = useAnnouncements();
  const cancel = useCancelAnnouncement();
  return (
    <>
      <PageHeader title={t('announcements.title')} />
      <div className="space-y-8">
        <AnnouncementComposer />
        <section aria-labelledby="announcements-list" className="space-y-3">
          <h2 id="announcements-list" className="text-lg font-semibold">
            {t('announcements.list')}
          </h2>
          {cancel.isSuccess && <Notice tone="success">{t('announcements.cancelled')}</Notice>}
          <ErrorAlert error={cancel.error} />
          <PagedList
            query={list}
            empty={<EmptyState title={t('announcements.empty')} />}
            className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white shadow-sm"
            loadMoreClassName="mt-4"
          >
            {(a) => <AnnouncementRow key={a.id} announcement={a} cancel={() => cancel.mutate(a.id)} />}
          </PagedList>
        </section>
      </div>
    </>
  );
}
