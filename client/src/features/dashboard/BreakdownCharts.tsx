import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AdminMetrics } from '../../../../common/admin-metrics.ts';
import { type DossierStatus, dossierStatuses } from '../../../../common/dossier-lifecycle.ts';
import { regionNames } from '../../../../common/reference.ts';
import { TrendLine } from '../../shared/KpiCard.tsx';
import { useProducts } from '../../shared/products.api.ts';
import { trendOf } from '../../shared/trend.ts';
import { focusRing } from '../../ui/Button.tsx';
import { BarList } from './BarList.tsx';
import { ChartCard, DataTable } from './ChartCard.tsx';
import { useDashboardFormat, useDuration } from './format.ts';
import { complianceColour, Gauge, loadColour } from './Gauge.tsx';
import { dossiersLink, openedIn } from './links.ts';
import { RegionTileMap, regionTiles } from './RegionTileMap.tsx';

/** Where the dossiers are: by product, region and status, the experts' load, the time each phase takes, the SLAs. */
export function BreakdownCharts({ metrics }: { metrics: AdminMetrics }) {
  const { t } = useTranslation();
  const f = useDashboardFormat();
  const duration = useDuration();
  const products = useProducts();
  const { period, dossiers, experts, leadTimes, sla } = metrics;
  const productName = (code: string) => products.data?.find((p) => p.code === code)?.name ?? code;
  const breakdownColumns = [
    { label: t('dashboard.breakdown.opened'), numeric: true },
    { label: t('dashboard.breakdown.open'), numeric: true },
    { label: t('dashboard.breakdown.obtained'), numeric: true },
  ];
  const byProduct = [...dossiers.byProduct].sort((a, b) => b.opened - a.opened);
  const regionRows = (Object.keys(regionTiles) as (keyof typeof regionTiles)[]).map((region) => ({
    region,
    ...(dossiers.byRegion.find((row) => row.region === region) ?? { open: 0, opened: 0, obtainedCents: 0 }),
  }));
  const statuses = dossierStatuses.filter((s) => (dossiers.byStatus[s] ?? 0) > 0);
  const loadRatio = experts.capacity > 0 ? experts.load / experts.capacity : 0;
  const phases = leadTimes.filter((row) => row.count > 0);

  return (
    <>
      <ChartCard
        testId="chart-products"
        title={t('dashboard.breakdown.productsTitle')}
        description={t('dashboard.breakdown.openedDescription')}
        empty={byProduct.every((row) => row.opened === 0 && row.open === 0)}
        table={
          <DataTable
            caption={t('dashboard.breakdown.productsTitle')}
            columns={[{ label: t('dashboard.breakdown.product') }, ...breakdownColumns]}
            rows={byProduct.map((row) => ({
              key: row.productCode,
              cells: [
                productName(row.productCode),
                f.count(row.opened),
                f.count(row.open),
                f.euros(row.obtainedCents),
              ],
            }))}
          />
        }
      >
        <BarList
          testId="product-bars"
          color="#1d4ed8"
          bars={byProduct.map((row) => ({
            key: row.productCode,
            label: productName(row.productCode),
            value: row.opened,
            text: f.count(row.opened),
            to: dossiersLink({ product: row.productCode, ...openedIn(period) }),
          }))}
        />
      </ChartCard>
      <ChartCard
        testId="chart-regions"
        title={t('dashboard.regions.title')}
        description={t('dashboard.breakdown.openedDescription')}
        empty={regionRows.every((row) => row.opened === 0 && row.open === 0)}
        table={
          <DataTable
            caption={t('dashboard.regions.title')}
            columns={[{ label: t('dashboard.regions.region') }, ...breakdownColumns]}
            rows={regionRows.map((row) => ({
              key: row.region,
              cells: [
                regionNames[row.region],
                f.count(row.opened),
                f.count(row.open),
                f.euros(row.obtainedCents),
              ],
            }))}
          />
        }
      >
        <RegionTileMap
          values={Object.fromEntries(regionRows.map((row) => [row.region, row.opened]))}
          format={f.count}
          measure={t('dashboard.breakdown.openedMeasure')}
          linkFor={(region) => dossiersLink({ region, ...openedIn(period) })}
        />
      </ChartCard>
      <ChartCard
        testId="chart-statuses"
        title={t('dashboard.breakdown.statusTitle')}
        description={t('dashboard.breakdown.statusDescription')}
        empty={statuses.length === 0}
        table={
          <DataTable
            caption={t('dashboard.breakdown.statusTitle')}
            columns={[
              { label: t('dashboard.breakdown.status') },
              { label: t('dashboard.breakdown.count'), numeric: true },
            ]}
            rows={statuses.map((s) => ({
              key: s,
              cells: [t(`status.${s}`), f.count(dossiers.byStatus[s] ?? 0)],
            }))}
          />
        }
      >
        <BarList
          testId="status-bars"
          color="#0f766e"
          bars={statuses.map((s: DossierStatus) => ({
            key: s,
            label: t(`status.${s}`),
            value: dossiers.byStatus[s] ?? 0,
            text: f.count(dossiers.byStatus[s] ?? 0),
            to: dossiersLink({ status: [s] }),
          }))}
        />
      </ChartCard>
      <ChartCard
        testId="chart-expert-load"
        title={t('dashboard.load.title')}
        description={t('dashboard.load.description')}
        empty={experts.capacity === 0 && experts.load === 0}
        table={
          <DataTable
            caption={t('dashboard.load.title')}
            columns={[
              { label: t('dashboard.load.figure') },
              { label: t('dashboard.load.value'), numeric: true },
            ]}
            rows={[
              { key: 'load', cells: [t('dashboard.load.load'), f.count(experts.load)] },
              { key: 'capacity', cells: [t('dashboard.load.capacity'), f.count(experts.capacity)] },
              { key: 'ratio', cells: [t('dashboard.load.ratio'), f.percent(loadRatio)] },
              { key: 'active', cells: [t('dashboard.load.active'), f.count(experts.active)] },
            ]}
          />
        }
      >
        <Gauge ratio={loadRatio} colour={loadColour(loadRatio)}>
          <p className="text-2xl font-semibold tabular-nums text-slate-900">{f.percent(loadRatio)}</p>
          <p className="text-xs text-slate-600">
            {t('dashboard.load.summary', {
              load: f.count(experts.load),
              capacity: f.count(experts.capacity),
            })}
          </p>
        </Gauge>
        <p className="mt-3 text-center text-sm">
          <Link to="/admin/affectations" className={`text-blue-800 underline ${focusRing}`}>
            {t('dashboard.load.assignments')}
          </Link>
        </p>
      </ChartCard>
      <ChartCard
        testId="chart-lead-times"
        title={t('dashboard.leadTimes.title')}
        description={t('dashboard.leadTimes.description')}
        empty={phases.length === 0}
        table={
          <DataTable
            caption={t('dashboard.leadTimes.title')}
            columns={[
              { label: t('dashboard.breakdown.status') },
              { label: t('dashboard.leadTimes.median'), numeric: true },
              { label: t('dashboard.chart.previous'), numeric: true },
              { label: t('dashboard.leadTimes.stays'), numeric: true },
            ]}
            rows={phases.map((row) => ({
              key: row.status,
              cells: [
                t(`status.${row.status}`),
                duration(row.medianHours.value),
                duration(row.medianHours.previous),
                f.count(row.count),
              ],
            }))}
          />
        }
      >
        <BarList
          color="#b45309"
          bars={phases.map((row) => ({
            key: row.status,
            label: t(`status.${row.status}`),
            value: row.medianHours.value ?? 0,
            text: duration(row.medianHours.value),
          }))}
        />
      </ChartCard>
      <ChartCard
        testId="chart-sla"
        title={t('dashboard.sla.title')}
        description={t('dashboard.sla.description')}
        empty={sla.met.value + sla.breached.value === 0}
        table={
          <DataTable
            caption={t('dashboard.sla.title')}
            columns={[
              { label: t('dashboard.load.figure') },
              { label: t('dashboard.chart.period'), numeric: true },
              { label: t('dashboard.chart.previous'), numeric: true },
            ]}
            rows={[
              {
                key: 'met',
                cells: [t('dashboard.sla.met'), f.count(sla.met.value), f.count(sla.met.previous)],
              },
              {
                key: 'breached',
                cells: [
                  t('dashboard.sla.breached'),
                  f.count(sla.breached.value),
                  f.count(sla.breached.previous),
                ],
              },
              {
                key: 'compliance',
                cells: [
                  t('dashboard.sla.compliance'),
                  sla.compliance.value === null ? '—' : f.percent(sla.compliance.value),
                  sla.compliance.previous === null ? '—' : f.percent(sla.compliance.previous),
                ],
              },
            ]}
          />
        }
      >
        <Gauge ratio={sla.compliance.value ?? 0} colour={complianceColour(sla.compliance.value ?? 0)}>
          <p className="text-2xl font-semibold tabular-nums text-slate-900">
            {sla.compliance.value === null ? '—' : f.percent(sla.compliance.value)}
          </p>
          <p className="text-xs text-slate-600">
            {t('dashboard.sla.summary', {
              met: f.count(sla.met.value),
              breached: f.count(sla.breached.value),
            })}
          </p>
        </Gauge>
        <div className="mt-3 text-center">
          <TrendLine
            trend={trendOf(sla.compliance.value, sla.compliance.previous, { points: true })}
            previous={sla.compliance.previous === null ? '—' : f.percent(sla.compliance.previous)}
          />
        </div>
      </ChartCard>
    </>
  );
}
