import type { DossierStatus } from '../../../../common/dossier-lifecycle.ts';
import type { ReportSection, ReportTable } from '../../../../common/reports.ts';
import type { StepGroupRow, StuckRow } from '../report-reads.repo.ts';
import { figure, figuresSection, type ReportContext } from '../report-sections.ts';

/** Pipeline: the dossiers in progress now by step and age in the step, the stuck ones listed first. */
export function pipelineSections(
  ctx: ReportContext,
  facts: { inProgress: number; steps: readonly StepGroupRow[]; stuck: readonly StuckRow[] },
): ReportSection[] {
  const { figures: f, sections } = ctx.texts;
  const overdue = facts.steps.reduce((n, s) => n + s.overdue, 0);
  return [
    figuresSection('key-figures', sections.keyFigures, [
      figure(f.inProgress, facts.inProgress, 'int'),
      figure(f.overdue, overdue, 'int'),
    ]),
    stepsTable(ctx, facts.steps),
    stuckTable(ctx, facts.stuck),
  ];
}

const stepName = (ctx: ReportContext, row: { nameFr: string; nameEn: string }) =>
  ctx.locale === 'fr' ? row.nameFr : row.nameEn;

function stepsTable(ctx: ReportContext, steps: readonly StepGroupRow[]): ReportTable {
  const { columns: c, figures: f, sections, notes, roles } = ctx.texts;
  return {
    kind: 'table',
    id: 'by-step',
    title: sections.byStep,
    note: notes.byStep,
    columns: [
      { key: 'product', label: c.product, format: 'text' },
      { key: 'step', label: c.step, format: 'text' },
      { key: 'actor', label: c.actor, format: 'text' },
      { key: 'dossiers', label: c.dossiers, format: 'int', total: true },
      { key: 'under7', label: c.under7, format: 'int', total: true },
      { key: 'under30', label: c.under30, format: 'int', total: true },
      { key: 'under90', label: c.under90, format: 'int', total: true },
      { key: 'over90', label: c.over90, format: 'int', total: true },
      { key: 'medianDays', label: c.medianDays, format: 'days' },
      { key: 'overdue', label: f.overdue, format: 'int', total: true },
    ],
    rows: steps.map((s) => ({
      product: ctx.productNames.get(s.productCode) ?? s.productCode,
      step: stepName(ctx, s),
      actor: roles[s.actingRole],
      dossiers: s.dossiers,
      under7: s.under7,
      under30: s.under30,
      under90: s.under90,
      over90: s.over90,
      medianDays: s.medianDays,
      overdue: s.overdue,
    })),
  };
}

function stuckTable(ctx: ReportContext, stuck: readonly StuckRow[]): ReportTable {
  const { columns: c, sections, notes, roles } = ctx.texts;
  return {
    kind: 'table',
    id: 'stuck',
    title: sections.stuck,
    note: notes.stuck,
    columns: [
      { key: 'reference', label: c.reference, format: 'text' },
      { key: 'company', label: c.company, format: 'text' },
      { key: 'product', label: c.product, format: 'text' },
      { key: 'status', label: c.status, format: 'text' },
      { key: 'step', label: c.step, format: 'text' },
      { key: 'actor', label: c.actor, format: 'text' },
      { key: 'expert', label: c.expert, format: 'text' },
      { key: 'daysInStep', label: c.daysInStep, format: 'days' },
      { key: 'dueAt', label: c.dueAt, format: 'date' },
    ],
    rows: stuck.map((s) => ({
      reference: s.reference,
      company: s.companyName,
      product: ctx.productNames.get(s.productCode) ?? s.productCode,
      status: ctx.statusName(s.status as DossierStatus),
      step: stepName(ctx, s),
      actor: roles[s.actingRole],
      expert: s.expertName,
      daysInStep: s.daysInStep,
      dueAt: s.dueAt,
    })),
  };
}
