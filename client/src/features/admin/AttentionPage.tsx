import '../../i18n/audit-pages.ts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AttentionGroup } from '../../../../common/admin-audit.ts';
import i18n from '../../i18n/index.ts';
import { numberFormat } from '../../lib/intl.ts';
import { focusRing } from '../../ui/Button.tsx';
import { Card, ErrorAlert, LoadingRows, Notice, PageHeader } from '../../ui/Feedback.tsx';
import { useAttention } from './audit.api.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long something has waited, in the unit that reads best: "12 minutes", "5 heures", "3 jours". */
function age(since: string, now = Date.now()): string {
  const ms = Math.max(0, now - new Date(since).getTime());
  const [value, unit] =
    ms < HOUR ? [ms / MINUTE, 'minute'] : ms < 2 * DAY ? [ms / HOUR, 'hour'] : [ms / DAY, 'day'];
  return numberFormat(i18n.language === 'en' ? 'en-GB' : 'fr-FR', {
    style: 'unit',
    unit,
    unitDisplay: 'long',
    maximumFractionDigits: 0,
  }).format(Math.max(1, Math.floor(value)));
}

const linkClass = `font-medium text-blue-700 underline ${focusRing}`;

function AttentionCard({ group }: { group: AttentionGroup }) {
  const { t } = useTranslation();
  const titleId = `attention-${group.kind}`;
  const more = group.count - group.items.length;
  return (
    <Card>
      <section aria-labelledby={titleId} data-testid={titleId} className="flex h-full flex-col gap-3">
        <div className="flex items-start justify-between gap-2">
          <h2 id={titleId} className="text-base font-semibold">
            {t(`attention.kinds.${group.kind}`)}
          </h2>
          <span
            className={`rounded-full px-2.5 py-0.5 text-sm font-semibold ${
              group.count > 0 ? 'bg-amber-100 text-amber-900' : 'bg-emerald-100 text-emerald-900'
            }`}
          >
            {group.count}
          </span>
        </div>
        {group.oldestSince && (
          <p className="text-sm text-slate-600">{t('attention.oldest', { age: age(group.oldestSince) })}</p>
        )}
        {group.items.length > 0 && (
          <ul className="divide-y divide-slate-100 text-sm">
            {group.items.map((item) => (
              <li key={item.id} className="py-2">
                <Link to={item.link} className={linkClass}>
                  {item.label}
                </Link>
                {item.detail && <span className="block truncate text-slate-600">{item.detail}</span>}
                <span className="block text-xs text-slate-600">
                  {t('attention.waiting', { age: age(item.since) })}
                </span>
              </li>
            ))}
          </ul>
        )}
        {more > 0 && <p className="text-sm text-slate-600">{t('attention.more', { count: more })}</p>}
        {group.count > 0 && (
          <Link
            to={group.link}
            className={`mt-auto inline-flex justify-center rounded-lg bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800 ${focusRing}`}
          >
            {t(`attention.actions.${group.kind}`)}
          </Link>
        )}
      </section>
    </Card>
  );
}

/** The admins' "à traiter" centre: what waits for them now, each kind one click from where it is handled. */
export function AttentionPage() {
  const { t } = useTranslation();
  const attention = useAttention();
  return (
    <>
      <PageHeader title={t('attention.title')}>
        {attention.data && (
          <p className="text-sm font-medium text-slate-700" role="status">
            {t('attention.total', { count: attention.data.total })}
          </p>
        )}
      </PageHeader>
      <p className="-mt-3 mb-6 max-w-3xl text-sm text-slate-600">{t('attention.lead')}</p>
      {attention.isPending ? (
        <LoadingRows />
      ) : attention.isError ? (
        <ErrorAlert error={attention.error} />
      ) : (
        <>
          {attention.data.total === 0 && (
            <div className="mb-4">
              <Notice tone="success">{t('attention.nothing')}</Notice>
            </div>
          )}
          <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
            {attention.data.groups.map((group) => (
              <AttentionCard key={group.kind} group={group} />
            ))}
          </div>
        </>
      )}
    </>
  );
}
