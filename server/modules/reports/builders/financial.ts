import type { ReportSection, ReportTable } from '../../../../common/reports.ts';
import { type ReportFlows, rate } from '../report-flows.ts';
import { figure, figuresSection, flowFigure, type ReportContext, seriesTable } from '../report-sections.ts';

/** Financial: amounts estimated → obtained, the domain's fee waterfall and its VAT, by product and over time. */
export function financialSections(ctx: ReportContext, flows: ReportFlows): ReportSection[] {
  const { figures: f, sections } = ctx.texts;
  const obtainedRate = (period: 'current' | 'previous') =>
    rate(flows.total('amounts.obtained', period), flows.total('amounts.estimated', period));
  const withVat = (period: 'current' | 'previous') =>
    flows.total('fees.expert', period) + flows.total('fees.vat', period);
  return [
    figuresSection('key-figures', sections.keyFigures, [
      flowFigure(flows, f.estimated, 'amounts.estimated', 'eur'),
      flowFigure(flows, f.audited, 'amounts.audited', 'eur'),
      flowFigure(flows, f.granted, 'amounts.granted', 'eur'),
      flowFigure(flows, f.obtained, 'amounts.obtained', 'eur'),
      figure(f.obtainedRate, obtainedRate('current'), 'percent', obtainedRate('previous')),
    ]),
    figuresSection('waterfall', sections.waterfall, [
      flowFigure(flows, f.obtained, 'amounts.obtained', 'eur'),
      flowFigure(flows, f.expertFees, 'fees.expert', 'eur'),
      flowFigure(flows, f.platformFees, 'fees.platform', 'eur'),
      flowFigure(flows, f.expertNet, 'fees.expert_net', 'eur'),
      flowFigure(flows, f.vat, 'fees.vat', 'eur'),
      figure(f.feesWithVat, withVat('current'), 'eur', withVat('previous')),
    ]),
    byProduct(ctx, flows),
    seriesTable(
      ctx,
      flows,
      'financial-series',
      sections.financialSeries,
      [
        { key: 'estimated', metric: 'amounts.estimated', label: f.estimated, format: 'eur' },
        { key: 'obtained', metric: 'amounts.obtained', label: f.obtained, format: 'eur' },
        { key: 'expertFees', metric: 'fees.expert', label: f.expertFees, format: 'eur' },
        { key: 'platformFees', metric: 'fees.platform', label: f.platformFees, format: 'eur' },
      ],
      'bar',
    ),
  ];
}

function byProduct(ctx: ReportContext, flows: ReportFlows): ReportTable {
  const { figures: f, columns: c, sections } = ctx.texts;
  const moved = flows.keysOf('product');
  const money = [
    ['estimated', 'amounts.estimated', f.estimated],
    ['audited', 'amounts.audited', f.audited],
    ['granted', 'amounts.granted', f.granted],
    ['obtained', 'amounts.obtained', f.obtained],
    ['expertFees', 'fees.expert', f.expertFees],
    ['platformFees', 'fees.platform', f.platformFees],
    ['vat', 'fees.vat', f.vat],
  ] as const;
  return {
    kind: 'table',
    id: 'financial-by-product',
    title: sections.financialByProduct,
    columns: [
      { key: 'product', label: c.product, format: 'text' },
      ...money.map(([key, , label]) => ({ key, label, format: 'eur' as const, total: true })),
      { key: 'obtainedRate', label: f.obtainedRate, format: 'percent' },
    ],
    rows: [...ctx.productNames]
      .filter(([code]) => moved.has(code))
      .map(([code, name]) => ({
        product: name,
        ...Object.fromEntries(money.map(([key, metric]) => [key, flows.by('product', metric, code)])),
        obtainedRate: rate(
          flows.by('product', 'amounts.obtained', code),
          flows.by('product', 'amounts.estimated', code),
        ),
      })),
    chart: { kind: 'bar', x: 'product', series: ['estimated', 'obtained'] },
  };
}
