import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { AdminMetrics, LiveFigures } from '../../../../common/admin-metrics.ts';
import { closingStatuses, dossierStatuses } from '../../../../common/dossier-lifecycle.ts';
import '../../i18n/dashboard-pages.ts';
import { dateTimeFormat } from '../../lib/intl.ts';
import { PeriodPicker } from '../../shared/PeriodPicker.tsx';
import { parisToday } from '../../shared/period.ts';
import { Button, focusRing } from '../../ui/Button.tsx';
import { ErrorAlert, PageHeader, Skeleton } from '../../ui/Feedback.tsx';
import { SelectField } from '../../ui/Field.tsx';
import { HydrateLater } from '../../ui/HydrateLater.tsx';
import { ActivityCharts } from './ActivityCharts.tsx';
import { BreakdownCharts } from './BreakdownCharts.tsx';
import { shortDay } from './buckets.ts';
import { useAdminMetrics } from './dashboard.api.ts';
import { useDashboardFormat } from './format.ts';
import { KpiGrid } from './KpiGrid.tsx';
import { LiveIndicator } from './LiveIndicator.tsx';
import { groupBys, type Period, periodParams, readPeriod, usualGroupBy } from './period.ts';
import { SectionGrid } from './SectionGrid.tsx';
import { useAdminLive } from './useAdminLive.ts';

/** The admin's landing page: the platform's figures over a period, kept current over the admin's socket. */
export function DashboardPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const today = useMemo(() => parisToday(new Date()), []);
  const period = readPeriod(params, today);
  const metrics = useAdminMetrics({ from: period.from, to: period.to, groupBy: period.groupBy });
  const live = useAdminLive();
  const data = metrics.data;

  return (
    <>
      <PageHeader title={t('dashboard.title')}>
        <LiveIndicator state={live.state} />
      </PageHeader>
      <div className="mb-6">
        <PeriodPicker
          range={period}
          today={today}
          onChange={(range) => setParams(periodParams({ ...range, groupBy: usualGroupBy(range) }))}
        >
          <div className="w-40">
            <SelectField
              label={t('dashboard.period.groupBy')}
              value={period.groupBy}
              options={groupBys.map((g) => ({ value: g, label: t(`dashboard.period.groupBys.${g}`) }))}
              onChange={(e) =>
                setParams(periodParams({ ...period, groupBy: e.target.value as Period['groupBy'] }))
              }
            />
          </div>
        </PeriodPicker>
      </div>
      {data && <PeriodSummary metrics={data} />}
      {metrics.isError && (
        <div className="mb-4 flex flex-wrap items-center gap-3">
          <div className="min-w-0 flex-1">
            <ErrorAlert error={metrics.error} />
          </div>
          <Button variant="secondary" busy={metrics.isFetching} onClick={() => void metrics.refetch()}>
            {t('dashboard.retry')}
          </Button>
        </div>
      )}
      {data ? (
        <div aria-busy={metrics.isFetching} className="space-y-4" data-testid="dashboard">
          <NowStrip live={live.figures} metrics={data} />
          {/* The KPIs and the sections' links are taken over in tasks of their own: with the page's, one task of
              66–135 ms on a phone (4× CPU slowdown). */}
          <HydrateLater>
            <KpiGrid metrics={data} />
          </HydrateLater>
          <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
            <ActivityCharts metrics={data} />
            <BreakdownCharts metrics={data} />
          </div>
        </div>
      ) : (
        !metrics.isError && <DashboardSkeleton />
      )}
      <HydrateLater>
        <SectionGrid />
      </HydrateLater>
    </>
  );
}

function PeriodSummary({ metrics }: { metrics: AdminMetrics }) {
  const { t } = useTranslation();
  const { locale } = useDashboardFormat();
  const { period } = metrics;
  const time = dateTimeFormat(locale, { timeStyle: 'medium' }).format(new Date(metrics.generatedAt));
  return (
    <p className="mb-4 text-sm text-slate-600" data-testid="period-summary">
      {t('dashboard.period.summary', {
        from: shortDay(period.from, locale),
        to: shortDay(period.to, locale),
      })}{' '}
      {t('dashboard.period.comparedTo', {
        from: shortDay(period.previousFrom, locale),
        to: shortDay(period.previousTo, locale),
      })}{' '}
      · {t('dashboard.period.updatedAt', { time })}
    </p>
  );
}

const underWay = dossierStatuses.filter((s) => !closingStatuses.includes(s));

/** What is happening now, whatever the period: people connected, messages of the hour, dossiers under way. */
function NowStrip({ live, metrics }: { live: LiveFigures | null; metrics: AdminMetrics }) {
  const { t } = useTranslation();
  const f = useDashboardFormat();
  const open = underWay.reduce((sum, s) => sum + (metrics.dossiers.byStatus[s] ?? 0), 0);
  const figures = [
    { key: 'activeUsers', value: live ? f.count(live.activeUsers) : '—' },
    { key: 'messagesLastHour', value: live ? f.count(live.messagesLastHour) : '—' },
    { key: 'openDossiers', value: f.count(open), to: '/admin/dossiers' },
  ];
  return (
    <section aria-labelledby="now-title" className="rounded-xl bg-slate-900 px-4 py-3 text-white">
      <h2 id="now-title" className="sr-only">
        {t('dashboard.now.title')}
      </h2>
      <dl className="grid grid-cols-1 gap-2 min-[480px]:grid-cols-3" data-testid="now">
        {figures.map((figure) => (
          <div key={figure.key} className="flex items-baseline justify-between gap-2 min-[480px]:block">
            <dt className="text-xs text-slate-300">{t(`dashboard.now.${figure.key}`)}</dt>
            <dd className="text-xl font-semibold tabular-nums" data-testid={`now-${figure.key}`}>
              {figure.to ? (
                <Link to={figure.to} className={`underline-offset-4 hover:underline ${focusRing}`}>
                  {figure.value}
                </Link>
              ) : (
                figure.value
              )}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** The page's shape while its first figures load, the size they take, so that nothing moves when they arrive. */
function DashboardSkeleton() {
  return (
    <div className="space-y-4" aria-busy="true">
      <Skeleton className="h-[76px]" />
      <div className="grid grid-cols-1 gap-3 min-[480px]:grid-cols-2 lg:grid-cols-4">
        {Array.from({ length: 8 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
          <Skeleton key={i} className="h-32" />
        ))}
      </div>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        {Array.from({ length: 4 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
          <Skeleton key={i} className={`h-80 ${i < 2 ? 'lg:col-span-2' : ''}`} />
        ))}
      </div>
    </div>
  );
}
