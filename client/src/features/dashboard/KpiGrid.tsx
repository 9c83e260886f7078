import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AdminMetrics } from '../../../../common/admin-metrics.ts';
import { KpiCard } from '../../shared/KpiCard.tsx';
import { trendOf } from '../../shared/trend.ts';
import { focusRing } from '../../ui/Button.tsx';
import { useDashboardFormat, useDuration } from './format.ts';
import { dossiersLink, openedIn, usersLink } from './links.ts';

/** A figure and the previous period's, both written by `format`, with the trend between them (KpiCard's props). */
function compared<T extends number | null>(
  figure: { value: T; previous: T },
  format: (value: T) => string,
  options?: Parameters<typeof trendOf>[2],
) {
  return {
    value: format(figure.value),
    trend: trendOf(figure.value, figure.previous, options),
    previous: format(figure.previous),
  };
}

/** The period's headline figures, each beside the previous period's and opening the list behind it. */
export function KpiGrid({ metrics }: { metrics: AdminMetrics }) {
  const { t } = useTranslation();
  const f = useDashboardFormat();
  const duration = useDuration();
  const { period, dossiers, clients, experts, amounts, fees, expertFirstResponse } = metrics;
  const created = { createdFrom: period.from, createdTo: period.to };
  const firstResponse = expertFirstResponse.medianMinutes;
  const hours = (minutes: number | null) => (minutes === null ? null : minutes / 60);
  return (
    <div className="grid grid-cols-1 gap-3 min-[480px]:grid-cols-2 lg:grid-cols-4" data-testid="kpis">
      <KpiCard
        testId="kpi-opened"
        label={t('dashboard.kpi.opened')}
        {...compared(dossiers.opened, f.count)}
        to={dossiersLink(openedIn(period))}
      />
      <KpiCard
        testId="kpi-closed"
        label={t('dashboard.kpi.closed')}
        {...compared(dossiers.closed, f.count)}
      />
      <KpiCard
        testId="kpi-new-clients"
        label={t('dashboard.kpi.newClients')}
        {...compared(clients.new, f.count)}
        to={usersLink({ role: 'client', ...created })}
      >
        <p className="text-xs text-slate-600">
          <Link to={usersLink({ role: 'client' })} className={`underline ${focusRing}`}>
            {t('dashboard.kpi.clientsTotal', { count: clients.total, total: f.count(clients.total) })}
          </Link>
        </p>
      </KpiCard>
      <KpiCard
        testId="kpi-experts"
        label={t('dashboard.kpi.activeExperts')}
        value={f.count(experts.active)}
        to={usersLink({ role: 'expert', status: 'active' })}
      >
        <p className="text-xs text-slate-600">
          {t('dashboard.kpi.newExperts', { count: experts.new.value, value: f.count(experts.new.value) })}
        </p>
        <p className="text-xs text-slate-600">
          <Link
            to={usersLink({ role: 'expert', status: 'pending' })}
            className={`underline ${experts.pendingApproval > 0 ? 'font-medium text-amber-800' : ''} ${focusRing}`}
          >
            {t('dashboard.kpi.pendingExperts', {
              count: experts.pendingApproval,
              value: f.count(experts.pendingApproval),
            })}
          </Link>
        </p>
      </KpiCard>
      <KpiCard
        testId="kpi-estimated"
        label={t('dashboard.kpi.estimated')}
        {...compared(amounts.estimatedCents, f.euros)}
      />
      <KpiCard
        testId="kpi-obtained"
        label={t('dashboard.kpi.obtained')}
        {...compared(amounts.obtainedCents, f.euros)}
      />
      <KpiCard
        testId="kpi-platform-fees"
        label={t('dashboard.kpi.platformFees')}
        {...compared(fees.platformFeesCents, f.euros)}
      />
      <KpiCard
        testId="kpi-first-response"
        label={t('dashboard.kpi.firstResponse')}
        {...compared(firstResponse, (minutes) => duration(hours(minutes)), { better: 'down' })}
      >
        <p className="text-xs text-slate-600">
          {t('dashboard.kpi.answers', {
            count: expertFirstResponse.count,
            value: f.count(expertFirstResponse.count),
          })}
        </p>
      </KpiCard>
    </div>
  );
}
