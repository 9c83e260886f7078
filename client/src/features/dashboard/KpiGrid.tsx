import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AdminMetrics } from '../../../../common/admin-metrics.ts';
import { focusRing } from '../../ui/Button.tsx';
import { useDashboardFormat, useDuration } from './format.ts';
import { KpiCard } from './KpiCard.tsx';
import { dossiersLink, openedIn, usersLink } from './links.ts';
import { trendOf } from './trend.ts';

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
        value={f.count(dossiers.opened.value)}
        to={dossiersLink(openedIn(period))}
        trend={trendOf(dossiers.opened.value, dossiers.opened.previous)}
        previous={f.count(dossiers.opened.previous)}
      />
      <KpiCard
        testId="kpi-closed"
        label={t('dashboard.kpi.closed')}
        value={f.count(dossiers.closed.value)}
        trend={trendOf(dossiers.closed.value, dossiers.closed.previous)}
        previous={f.count(dossiers.closed.previous)}
      />
      <KpiCard
        testId="kpi-new-clients"
        label={t('dashboard.kpi.newClients')}
        value={f.count(clients.new.value)}
        to={usersLink({ role: 'client', ...created })}
        trend={trendOf(clients.new.value, clients.new.previous)}
        previous={f.count(clients.new.previous)}
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
        value={f.euros(amounts.estimatedCents.value)}
        trend={trendOf(amounts.estimatedCents.value, amounts.estimatedCents.previous)}
        previous={f.euros(amounts.estimatedCents.previous)}
      />
      <KpiCard
        testId="kpi-obtained"
        label={t('dashboard.kpi.obtained')}
        value={f.euros(amounts.obtainedCents.value)}
        trend={trendOf(amounts.obtainedCents.value, amounts.obtainedCents.previous)}
        previous={f.euros(amounts.obtainedCents.previous)}
      />
      <KpiCard
        testId="kpi-platform-fees"
        label={t('dashboard.kpi.platformFees')}
        value={f.euros(fees.platformFeesCents.value)}
        trend={trendOf(fees.platformFeesCents.value, fees.platformFeesCents.previous)}
        previous={f.euros(fees.platformFeesCents.previous)}
      />
      <KpiCard
        testId="kpi-first-response"
        label={t('dashboard.kpi.firstResponse')}
        value={duration(hours(firstResponse.value))}
        trend={trendOf(firstResponse.value, firstResponse.previous, { better: 'down' })}
        previous={duration(hours(firstResponse.previous))}
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
