import type { ReportSection, ReportTable } from '../../../../common/reports.ts';
import type { ReportFlows } from '../report-flows.ts';
import {
  breakdownTable,
  figure,
  figuresSection,
  firstResponseFigure,
  flowFigure,
  leadTimesTable,
  type ReportContext,
  seriesTable,
  slaFigures,
} from '../report-sections.ts';

/** What an expert report adds to the flows of the expert's dossiers. */
export type ExpertFacts = {
  inProgress: number;
  reviews: readonly { rating: number; count: number }[];
  previousReviews: readonly { rating: number; count: number }[];
};

function average(reviews: ExpertFacts['reviews']): number | null {
  const count = reviews.reduce((n, r) => n + r.count, 0);
  return count === 0 ? null : reviews.reduce((sum, r) => sum + r.rating * r.count, 0) / count;
}
const countOf = (reviews: ExpertFacts['reviews']) => reviews.reduce((n, r) => n + r.count, 0);

/** Expert performance: the dossiers they hold, amounts obtained and fees, lead times, SLA, first responses, reviews. */
export function expertSections(ctx: ReportContext, flows: ReportFlows, facts: ExpertFacts): ReportSection[] {
  const { figures: f, sections } = ctx.texts;
  return [
    figuresSection('key-figures', sections.keyFigures, [
      flowFigure(flows, f.assigned, 'dossiers.expert_assigned', 'int'),
      figure(f.inProgress, facts.inProgress, 'int'),
      flowFigure(flows, f.refunded, 'dossiers.refunded', 'int'),
      flowFigure(flows, f.closed, 'dossiers.closed', 'int'),
      flowFigure(flows, f.obtained, 'amounts.obtained', 'eur'),
      flowFigure(flows, f.expertFees, 'fees.expert', 'eur'),
      flowFigure(flows, f.expertNet, 'fees.expert_net', 'eur'),
      ...slaFigures(ctx, flows),
      firstResponseFigure(ctx, flows),
      figure(f.reviews, countOf(facts.reviews), 'int', countOf(facts.previousReviews)),
      figure(f.averageRating, average(facts.reviews), 'decimal', average(facts.previousReviews)),
    ]),
    breakdownTable(ctx, flows, 'product'),
    leadTimesTable(ctx, flows),
    ratingsTable(ctx, facts),
    seriesTable(
      ctx,
      flows,
      'series',
      sections.series,
      [
        { key: 'assigned', metric: 'dossiers.expert_assigned', label: f.assigned, format: 'int' },
        { key: 'refunded', metric: 'dossiers.refunded', label: f.refunded, format: 'int' },
      ],
      'bar',
    ),
  ];
}

function ratingsTable(ctx: ReportContext, facts: ExpertFacts): ReportTable {
  const { columns: c, sections } = ctx.texts;
  return {
    kind: 'table',
    id: 'ratings',
    title: sections.ratings,
    columns: [
      { key: 'rating', label: c.rating, format: 'int' },
      { key: 'count', label: c.count, format: 'int', total: true },
    ],
    rows: [5, 4, 3, 2, 1].map((rating) => ({
      rating,
      count: facts.reviews.find((r) => r.rating === rating)?.count ?? 0,
    })),
    chart: { kind: 'bar', x: 'rating', series: ['count'] },
  };
}
