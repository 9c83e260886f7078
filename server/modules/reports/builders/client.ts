import { documentCategoryName } from '../../../../common/document-categories.ts';
import type { DossierStatus } from '../../../../common/dossier-lifecycle.ts';
import type { ReportSection } from '../../../../common/reports.ts';
import type { AwaitedRow, ClientDossierRow } from '../report-reads.repo.ts';
import { figure, figuresSection, type ReportContext } from '../report-sections.ts';

const finished: readonly string[] = ['refunded', 'closed', 'not_eligible', 'refused', 'cancelled'];

/** A client's own summary: their dossiers, what they recovered, what is awaited from them. */
export function clientSections(
  ctx: ReportContext,
  facts: { dossiers: readonly ClientDossierRow[]; recoveredInPeriod: number; awaited: readonly AwaitedRow[] },
): ReportSection[] {
  const { figures: f, columns: c, sections, notes } = ctx.texts;
  const recovered = facts.dossiers.reduce(
    (sum, d) => sum + (d.status === 'refunded' ? (d.obtainedCents ?? 0) : 0),
    0,
  );
  return [
    figuresSection('key-figures', sections.keyFigures, [
      figure(f.total, facts.dossiers.length, 'int'),
      figure(f.inProgress, facts.dossiers.filter((d) => !finished.includes(d.status)).length, 'int'),
      figure(f.refunded, facts.dossiers.filter((d) => d.status === 'refunded').length, 'int'),
      figure(f.recovered, recovered, 'eur'),
      figure(f.recoveredInPeriod, facts.recoveredInPeriod, 'eur'),
      figure(f.awaitedCount, facts.awaited.length, 'int'),
    ]),
    {
      kind: 'table',
      id: 'awaited',
      title: sections.awaited,
      note: notes.awaited,
      columns: [
        { key: 'reference', label: c.reference, format: 'text' },
        { key: 'what', label: c.what, format: 'text' },
        { key: 'dueOn', label: c.dueAt, format: 'date' },
      ],
      rows: facts.awaited.map((a) => ({
        reference: a.reference,
        what:
          a.kind === 'document'
            ? ctx.texts.documentRequest(documentCategoryName(a.what, ctx.locale))
            : a.what,
        dueOn: a.dueOn,
      })),
    },
    {
      kind: 'table',
      id: 'dossiers',
      title: sections.dossiers,
      columns: [
        { key: 'reference', label: c.reference, format: 'text' },
        { key: 'product', label: c.product, format: 'text' },
        { key: 'status', label: c.status, format: 'text' },
        { key: 'expert', label: c.expert, format: 'text' },
        { key: 'estimated', label: f.estimated, format: 'eur', total: true },
        { key: 'obtained', label: f.obtained, format: 'eur', total: true },
        { key: 'openedOn', label: c.openedAt, format: 'date' },
      ],
      rows: facts.dossiers.map((d) => ({
        reference: d.reference,
        product: ctx.productNames.get(d.productCode) ?? d.productCode,
        status: ctx.statusName(d.status as DossierStatus),
        expert: d.expertName,
        estimated: d.estimatedCents === null ? null : Number(d.estimatedCents),
        obtained: d.obtainedCents === null ? null : Number(d.obtainedCents),
        openedOn: d.openedOn,
      })),
    },
  ];
}
