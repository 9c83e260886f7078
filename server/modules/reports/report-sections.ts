/** The sections several reports share, drawn from recounted flows. */
import type { MetricsGroupBy } from '../../../common/admin-metrics.ts';
import type { DossierStatus } from '../../../common/dossier-lifecycle.ts';
import { dossierStatusNamesEn, dossierStatusNamesFr } from '../../../common/dossier-status-names.ts';
import { type Region, regionNames, regions } from '../../../common/reference.ts';
import type {
  CellValue,
  ReportFigure,
  ReportParams,
  ReportSection,
  ReportTable,
  ValueFormat,
} from '../../../common/reports.ts';
import { leftStatuses } from '../dashboard/metric-keys.ts';
import { bucketStarts } from '../dashboard/metrics-period.ts';
import { type ReportFlows, rate, slaCompliance } from './report-flows.ts';
import { type ReportTexts, reportTexts } from './report-texts.ts';

export type ReportContext = {
  locale: 'fr' | 'en';
  texts: ReportTexts;
  params: ReportParams;
  groupBy: MetricsGroupBy;
  /** Product code → name, in the products' order. */
  productNames: Map<string, string>;
  statusName: (status: DossierStatus) => string;
};

export function reportContext(
  locale: 'fr' | 'en',
  params: ReportParams,
  groupBy: MetricsGroupBy,
  productNames: Map<string, string>,
): ReportContext {
  const statusNames = locale === 'fr' ? dossierStatusNamesFr : dossierStatusNamesEn;
  return {
    locale,
    texts: reportTexts[locale],
    params,
    groupBy,
    productNames,
    statusName: (s) => statusNames[s],
  };
}

export function figure(
  label: string,
  value: CellValue,
  format: ValueFormat,
  previous?: CellValue,
): ReportFigure {
  return previous === undefined ? { label, value, format } : { label, value, format, previous };
}

/** A flow's figure with the previous period's. */
export const flowFigure = (flows: ReportFlows, label: string, metric: string, format: ValueFormat) =>
  figure(label, flows.total(metric), format, flows.total(metric, 'previous'));

export function conversionFigure(ctx: ReportContext, flows: ReportFlows): ReportFigure {
  const conversion = (period: 'current' | 'previous') =>
    rate(flows.total('dossiers.refunded', period), flows.total('dossiers.opened', period));
  return figure(ctx.texts.figures.conversion, conversion('current'), 'percent', conversion('previous'));
}

export function slaFigures(ctx: ReportContext, flows: ReportFlows): ReportFigure[] {
  const f = ctx.texts.figures;
  return [
    figure(f.slaCompliance, slaCompliance(flows), 'percent', slaCompliance(flows, 'previous')),
    flowFigure(flows, f.slaMet, 'sla.met', 'int'),
    flowFigure(flows, f.slaBreached, 'sla.breached', 'int'),
  ];
}

export function firstResponseFigure(ctx: ReportContext, flows: ReportFlows): ReportFigure {
  const hours = (period: 'current' | 'previous') => {
    const minutes = flows.medianMinutes('experts.first_response', period);
    return minutes === null ? null : minutes / 60;
  };
  return figure(ctx.texts.figures.firstResponse, hours('current'), 'hours', hours('previous'));
}

/** One row per product or region that moved: dossiers, amounts, conversion. */
export function breakdownTable(
  ctx: ReportContext,
  flows: ReportFlows,
  dim: 'product' | 'region',
): ReportTable {
  const { columns: c, figures: f, sections } = ctx.texts;
  const moved = flows.keysOf(dim);
  const keys =
    dim === 'product'
      ? [...ctx.productNames.keys()].filter((k) => moved.has(k))
      : regions.filter((r) => moved.has(r));
  const name = (key: string) =>
    dim === 'product' ? (ctx.productNames.get(key) ?? key) : regionNames[key as Region];
  return {
    kind: 'table',
    id: dim === 'product' ? 'by-product' : 'by-region',
    title: dim === 'product' ? sections.byProduct : sections.byRegion,
    columns: [
      { key: 'name', label: dim === 'product' ? c.product : c.region, format: 'text' },
      { key: 'opened', label: f.opened, format: 'int', total: true },
      { key: 'closed', label: f.closed, format: 'int', total: true },
      { key: 'refunded', label: f.refunded, format: 'int', total: true },
      { key: 'conversion', label: f.conversion, format: 'percent' },
      { key: 'estimated', label: f.estimated, format: 'eur', total: true },
      { key: 'obtained', label: f.obtained, format: 'eur', total: true },
      { key: 'sla', label: f.slaCompliance, format: 'percent' },
    ],
    rows: keys.map((key) => {
      const v = (metric: string) => flows.by(dim, metric, key);
      return {
        name: name(key),
        opened: v('dossiers.opened'),
        closed: v('dossiers.closed'),
        refunded: v('dossiers.refunded'),
        conversion: rate(v('dossiers.refunded'), v('dossiers.opened')),
        estimated: v('amounts.estimated'),
        obtained: v('amounts.obtained'),
        sla: rate(v('sla.met'), v('sla.met') + v('sla.breached')),
      };
    }),
    chart: { kind: 'bar', x: 'name', series: ['opened', 'refunded'] },
  };
}

export function leadTimesTable(ctx: ReportContext, flows: ReportFlows): ReportTable {
  const { columns: c, sections, notes } = ctx.texts;
  return {
    kind: 'table',
    id: 'lead-times',
    title: sections.leadTimes,
    note: notes.leadTimes,
    columns: [
      { key: 'status', label: c.status, format: 'text' },
      { key: 'medianHours', label: c.medianHours, format: 'hours' },
      { key: 'stays', label: c.stays, format: 'int', total: true },
    ],
    rows: leftStatuses
      .filter((s) => flows.count(`lead.${s}`) > 0)
      .map((s) => ({
        status: ctx.statusName(s),
        medianHours: flows.medianHours(`lead.${s}`),
        stays: flows.count(`lead.${s}`),
      })),
  };
}

/** Flows per time bucket of the period (every bucket, those that did not move at zero). */
export function seriesTable(
  ctx: ReportContext,
  flows: ReportFlows,
  id: string,
  title: string,
  fields: readonly { key: string; metric: string; label: string; format: ValueFormat }[],
  chart: 'bar' | 'line',
): ReportTable {
  return {
    kind: 'table',
    id,
    title,
    columns: [
      { key: 'bucket', label: ctx.texts.columns.bucket, format: 'date' },
      ...fields.map((f) => ({ key: f.key, label: f.label, format: f.format, total: true })),
    ],
    rows: bucketStarts(ctx.params.from, ctx.params.to, ctx.groupBy).map((bucket) => ({
      bucket,
      ...Object.fromEntries(fields.map((f) => [f.key, flows.series(f.metric, bucket)])),
    })),
    chart: { kind: chart, x: 'bucket', series: fields.map((f) => f.key) },
  };
}

export const figuresSection = (id: string, title: string, figures: ReportFigure[]): ReportSection => ({
  kind: 'figures',
  id,
  title,
  figures,
});
