import { useTranslation } from 'react-i18next';
import type { AdminMetrics } from '../../../../common/admin-metrics.ts';
import { BarList } from './BarList.tsx';
import { ChartCard, DataTable } from './ChartCard.tsx';
import { FeeWaterfall, waterfallSteps } from './FeeWaterfall.tsx';
import { FunnelChart, stageRates } from './FunnelChart.tsx';
import { useDashboardFormat } from './format.ts';
import { dossiersLink, openedIn } from './links.ts';
import { SeriesCard } from './TimeSeriesChart.tsx';

/** What happened over the period: the time series, the conversion funnel, the amounts and the fee waterfall. */
export function ActivityCharts({ metrics }: { metrics: AdminMetrics }) {
  const { t } = useTranslation();
  const f = useDashboardFormat();
  const { period, series, funnel, amounts, fees } = metrics;

  const stages = [
    { key: 'simulations', label: t('dashboard.funnel.simulations'), value: funnel.simulations.value },
    {
      key: 'dossiers',
      label: t('dashboard.funnel.dossiers'),
      value: funnel.dossiers.value,
      to: dossiersLink(openedIn(period)),
    },
    {
      key: 'expertAssigned',
      label: t('dashboard.funnel.expertAssigned'),
      value: funnel.expertAssigned.value,
    },
    { key: 'refunded', label: t('dashboard.funnel.refunded'), value: funnel.refunded.value },
  ];
  const rates = stageRates(stages);
  const previousOf = (key: string) => funnel[key as keyof typeof funnel].previous;

  const amountRows = (['estimatedCents', 'auditedCents', 'grantedCents', 'obtainedCents'] as const).map(
    (key) => ({
      key,
      label: t(`dashboard.amounts.${key}`),
      value: amounts[key].value,
      previous: amounts[key].previous,
    }),
  );

  const stepLabels = {
    obtained: t('dashboard.fees.obtained'),
    clientShare: t('dashboard.fees.clientShare'),
    expertFees: t('dashboard.fees.expertFees'),
    platformFees: t('dashboard.fees.platformFees'),
    expertNet: t('dashboard.fees.expertNet'),
  };
  const steps = waterfallSteps(fees, stepLabels);
  const previousSteps = waterfallSteps(fees, stepLabels, 'previous');
  const amountOf = (step: { from: number; to: number } | undefined) =>
    f.euros(step ? step.to - step.from : 0);

  const figureColumns = [
    { label: t('dashboard.chart.period'), numeric: true },
    { label: t('dashboard.chart.previous'), numeric: true },
  ];

  return (
    <>
      <SeriesCard
        testId="chart-dossiers"
        title={t('dashboard.series.dossiersTitle')}
        description={t('dashboard.series.dossiersDescription')}
        points={series}
        groupBy={period.groupBy}
        period={period}
        format={f.count}
        formatAxis={f.compactCount}
        linkFor={(range) => dossiersLink(openedIn(range))}
        series={[
          { key: 'opened', label: t('dashboard.series.opened'), color: '#1d4ed8', value: (p) => p.opened },
          { key: 'closed', label: t('dashboard.series.closed'), color: '#b45309', value: (p) => p.closed },
        ]}
      />
      <SeriesCard
        testId="chart-amounts"
        title={t('dashboard.series.amountsTitle')}
        description={t('dashboard.series.amountsDescription')}
        points={series}
        groupBy={period.groupBy}
        period={period}
        format={f.euros}
        formatAxis={f.compactEuros}
        series={[
          {
            key: 'estimated',
            label: t('dashboard.series.estimated'),
            color: '#7c3aed',
            value: (p) => p.estimatedCents,
          },
          {
            key: 'obtained',
            label: t('dashboard.series.obtained'),
            color: '#047857',
            value: (p) => p.obtainedCents,
          },
        ]}
      />
      <ChartCard
        testId="chart-funnel"
        title={t('dashboard.funnel.title')}
        description={t('dashboard.funnel.description')}
        empty={stages.every((s) => s.value === 0)}
        table={
          <DataTable
            caption={t('dashboard.funnel.title')}
            columns={[
              { label: t('dashboard.funnel.stage') },
              ...figureColumns,
              { label: t('dashboard.funnel.rateColumn'), numeric: true },
            ]}
            rows={stages.map((s, i) => ({
              key: s.key,
              cells: [
                s.label,
                f.count(s.value),
                f.count(previousOf(s.key)),
                rates[i] == null ? '—' : f.percent(rates[i]),
              ],
            }))}
          />
        }
      >
        <FunnelChart stages={stages} format={f} />
      </ChartCard>
      <ChartCard
        testId="chart-amount-pipeline"
        title={t('dashboard.amounts.title')}
        description={t('dashboard.amounts.description')}
        empty={amountRows.every((row) => row.value === 0)}
        table={
          <DataTable
            caption={t('dashboard.amounts.title')}
            columns={[{ label: t('dashboard.amounts.stage') }, ...figureColumns]}
            rows={amountRows.map((row) => ({
              key: row.key,
              cells: [row.label, f.euros(row.value), f.euros(row.previous)],
            }))}
          />
        }
      >
        <BarList color="#7c3aed" bars={amountRows.map((row) => ({ ...row, text: f.euros(row.value) }))} />
      </ChartCard>
      <ChartCard
        testId="chart-fees"
        title={t('dashboard.fees.title')}
        description={t('dashboard.fees.description')}
        empty={fees.obtainedCents.value === 0}
        className="lg:col-span-2"
        table={
          <DataTable
            caption={t('dashboard.fees.title')}
            columns={[{ label: t('dashboard.fees.line') }, ...figureColumns]}
            rows={[
              ...steps.map((step, i) => ({
                key: step.key,
                cells: [step.label, amountOf(step), amountOf(previousSteps[i])],
              })),
              {
                key: 'vat',
                cells: [
                  t('dashboard.fees.vatLine'),
                  f.euros(fees.vatCents.value),
                  f.euros(fees.vatCents.previous),
                ],
              },
            ]}
          />
        }
      >
        <FeeWaterfall steps={steps} format={f} />
        <p className="mt-3 text-xs text-slate-600">
          {t('dashboard.fees.vat', { amount: f.euros(fees.vatCents.value) })}
        </p>
      </ChartCard>
    </>
  );
}
