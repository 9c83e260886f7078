import type { ReportSection } from '../../../../common/reports.ts';
import type { ReportFlows } from '../report-flows.ts';
import {
  breakdownTable,
  conversionFigure,
  figuresSection,
  firstResponseFigure,
  flowFigure,
  leadTimesTable,
  type ReportContext,
  seriesTable,
  slaFigures,
} from '../report-sections.ts';

/** Platform performance: dossiers, amounts, conversion, lead times and SLA, by product and region, over time. */
export function platformSections(ctx: ReportContext, flows: ReportFlows): ReportSection[] {
  const { figures: f, sections } = ctx.texts;
  const platformWide = !ctx.params.productCode && !ctx.params.region;
  return [
    figuresSection('key-figures', sections.keyFigures, [
      flowFigure(flows, f.opened, 'dossiers.opened', 'int'),
      flowFigure(flows, f.closed, 'dossiers.closed', 'int'),
      flowFigure(flows, f.refunded, 'dossiers.refunded', 'int'),
      conversionFigure(ctx, flows),
      flowFigure(flows, f.estimated, 'amounts.estimated', 'eur'),
      flowFigure(flows, f.obtained, 'amounts.obtained', 'eur'),
      ...slaFigures(ctx, flows),
      firstResponseFigure(ctx, flows),
      ...(platformWide
        ? [
            flowFigure(flows, f.newClients, 'clients.new', 'int'),
            flowFigure(flows, f.newExperts, 'experts.new', 'int'),
            flowFigure(flows, f.simulations, 'simulations.created', 'int'),
          ]
        : []),
    ]),
    breakdownTable(ctx, flows, 'product'),
    breakdownTable(ctx, flows, 'region'),
    leadTimesTable(ctx, flows),
    seriesTable(
      ctx,
      flows,
      'series',
      sections.series,
      [
        { key: 'opened', metric: 'dossiers.opened', label: f.opened, format: 'int' },
        { key: 'closed', metric: 'dossiers.closed', label: f.closed, format: 'int' },
        { key: 'refunded', metric: 'dossiers.refunded', label: f.refunded, format: 'int' },
      ],
      'line',
    ),
  ];
}
