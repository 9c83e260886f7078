import { z } from 'zod';
import { auditFilters } from './admin-audit.ts';
import { adminUserFilterQuery } from './admin-users.ts';
import { regions } from './reference.ts';
import { searchText } from './text.ts';

/**
 * Reports (`/api/reports`): every report is computed as one `ReportDocument` — a title, its parameters and sections
 * of key figures, tables and charts, with labels already in the reader's language — which the web page, the PDF, the
 * XLSX and the CSV all draw. The figures are computed from the base tables with the dashboard's own rule functions
 * (migration 019), so that a report and the dashboard agree for the same parameters.
 */

export const reportTypes = ['platform', 'expert', 'pipeline', 'financial', 'client'] as const;
export type ReportType = (typeof reportTypes)[number];

export const reportFormats = ['pdf', 'xlsx', 'csv'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export const reportFormatTypes: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** The longest period of a report, in days. */
export const reportMaxDays = 1100;

const isoDate = z.iso.date();

export const reportParams = z
  .object({
    from: isoDate,
    to: isoDate,
    productCode: z.string().min(1).max(32).optional(),
    region: z.enum(regions).optional(),
    /** Expert report: whose (an expert may only name themselves, and gets their own by default). */
    expertId: z.uuid().optional(),
  })
  .refine((p) => p.from <= p.to, { path: ['to'], message: 'La fin de la période précède son début' });
export type ReportParams = z.infer<typeof reportParams>;

export const reportLocales = ['fr', 'en'] as const;

export const reportQuery = z
  .object({ type: z.enum(reportTypes), locale: z.enum(reportLocales).default('fr') })
  .and(reportParams);
export type ReportQuery = z.input<typeof reportQuery>;

/** How a cell is written: integers and euros in French formats, rates as percentages, dates as dates; `decimal` one decimal (a rating). */
export const valueFormats = ['int', 'decimal', 'eur', 'percent', 'hours', 'days', 'date', 'text'] as const;
export type ValueFormat = (typeof valueFormats)[number];

/** A cell: a number (euros in cents; a percent as a ratio 0..1), an ISO date, a text, or nothing. */
export const cellValue = z.union([z.number(), z.string(), z.null()]);
export type CellValue = z.infer<typeof cellValue>;

export const reportFigure = z.object({
  label: z.string(),
  value: cellValue,
  format: z.enum(valueFormats),
  /** The same figure over the previous period of the same length, when it means something. */
  previous: cellValue.optional(),
});
export type ReportFigure = z.infer<typeof reportFigure>;

export const reportColumn = z.object({
  key: z.string(),
  label: z.string(),
  format: z.enum(valueFormats),
  /** The table's total row sums this column (a formula in the XLSX). */
  total: z.boolean().optional(),
});
export type ReportColumn = z.infer<typeof reportColumn>;

export const reportChart = z.object({
  kind: z.enum(['bar', 'line']),
  /** The column of the section's table on the horizontal axis. */
  x: z.string(),
  /** The columns drawn, each a series (same format). */
  series: z.array(z.string()).min(1),
});
export type ReportChart = z.infer<typeof reportChart>;

export const reportSection = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('figures'),
    id: z.string(),
    title: z.string(),
    figures: z.array(reportFigure),
  }),
  z.object({
    kind: z.literal('table'),
    id: z.string(),
    title: z.string(),
    /** A sentence under the title (what the rows are, how they are ordered). */
    note: z.string().optional(),
    columns: z.array(reportColumn).min(1),
    rows: z.array(z.record(z.string(), cellValue)),
    chart: reportChart.optional(),
  }),
]);
export type ReportSection = z.infer<typeof reportSection>;
export type ReportTable = Extract<ReportSection, { kind: 'table' }>;

export const reportDocument = z.object({
  type: z.enum(reportTypes),
  locale: z.enum(['fr', 'en']),
  title: z.string(),
  /** The parameters in words (“Période : 1 janv. 2026 – 31 déc. 2026”, “Produit : TICPE”…). */
  subtitle: z.array(z.string()),
  params: reportParams,
  generatedAt: z.string(),
  sections: z.array(reportSection),
});
export type ReportDocument = z.infer<typeof reportDocument>;

/** A file name of a report: `rapport-plateforme-2026-01-01-2026-12-31.pdf`. */
export function reportFileName(doc: Pick<ReportDocument, 'type' | 'params'>, format: ReportFormat): string {
  const names: Record<ReportType, string> = {
    platform: 'plateforme',
    expert: 'expert',
    pipeline: 'pipeline',
    financial: 'financier',
    client: 'synthese',
  };
  return `rapport-${names[doc.type]}-${doc.params.from}-${doc.params.to}.${format}`;
}

export const reportErrorCodes = [
  'REPORT_PERIOD_TOO_LONG',
  /** An expert asked for another expert's report, or a report type their role does not have. */
  'REPORT_NOT_ALLOWED',
  'REPORT_EXPERT_REQUIRED',
  'EXPORT_NOT_READY',
  'EXPORT_NOT_CANCELLABLE',
  'SCHEDULE_RECIPIENT_NOT_ALLOWED',
] as const;

// ---------------------------------------------------------------------------------------------------------------
// Exports: files produced by a job (`/api/exports`), with their progress, downloaded by their owner.
// ---------------------------------------------------------------------------------------------------------------

/** The lists that export (with the filters of their page). */
export const exportLists = ['dossiers', 'users', 'reviews', 'audit', 'messages'] as const;
export type ExportList = (typeof exportLists)[number];

/** The dossier list's filters (the same as `GET /api/dossiers`, without its paging). */
export const dossierExportFilters = z.object({
  status: z.array(z.string().max(40)).max(20).optional(),
  product: z.string().max(32).optional(),
  expertId: z.uuid().optional(),
  region: z.enum(regions).optional(),
  q: searchText({ max: 100 }).optional(),
  openedFrom: isoDate.optional(),
  openedTo: isoDate.optional(),
});
export type DossierExportFilters = z.infer<typeof dossierExportFilters>;

/** An expert's reviews: an expert exports their own, an admin any expert's, with the hidden ones. */
export const reviewExportFilters = z.object({ expertId: z.uuid() });

/** The admins' user list (experts too: `role: 'expert'`), with its page's filters and order. */
export const userExportFilters = adminUserFilterQuery;

/** A conversation's messages: the reader must take part in it. */
export const messageExportFilters = z.object({ conversationId: z.uuid() });

const listRequest = <L extends ExportList, F extends z.ZodType>(list: L, filters: F) =>
  z.object({
    kind: z.literal('list'),
    list: z.literal(list),
    filters,
    format: z.enum(['csv', 'xlsx']),
    locale: z.enum(reportLocales).default('fr'),
  });

export const exportRequest = z.union([
  z.object({
    kind: z.literal('report'),
    type: z.enum(reportTypes),
    params: reportParams,
    format: z.enum(reportFormats),
    locale: z.enum(reportLocales).default('fr'),
  }),
  listRequest('dossiers', dossierExportFilters.default({})),
  listRequest('users', userExportFilters.default({ sort: 'newest' })),
  listRequest('reviews', reviewExportFilters),
  listRequest('audit', auditFilters.strict().default({})),
  listRequest('messages', messageExportFilters),
]);
export type ExportRequest = z.input<typeof exportRequest>;

export const exportStatuses = ['queued', 'running', 'ready', 'failed', 'cancelled'] as const;
export type ExportStatus = (typeof exportStatuses)[number];

export const exportJob = z.object({
  id: z.uuid(),
  kind: z.enum(['report', 'list']),
  /** The report type or the list's name. */
  source: z.string(),
  format: z.enum(reportFormats),
  status: z.enum(exportStatuses),
  rowsDone: z.number().int(),
  rowsTotal: z.number().int().nullable(),
  /** 0..1 when known (a list counts its rows first). */
  progress: z.number().nullable(),
  fileName: z.string().nullable(),
  sizeBytes: z.number().int().nullable(),
  /** Why it failed, for the user. */
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** The file is deleted then. */
  expiresAt: z.string().nullable(),
  /** Set once ready: the owner's download link. */
  downloadUrl: z.string().nullable(),
});
export type ExportJob = z.infer<typeof exportJob>;

// ---------------------------------------------------------------------------------------------------------------
// Schedules: a report sent daily, weekly or monthly (Europe/Paris time) to its recipients, with its runs.
// ---------------------------------------------------------------------------------------------------------------

export const scheduleFrequencies = ['daily', 'weekly', 'monthly'] as const;
export type ScheduleFrequency = (typeof scheduleFrequencies)[number];

const scheduleFields = z.object({
  name: z.string().trim().min(1).max(120),
  type: z.enum(reportTypes),
  /** The scope; the period is the last full day, week (Monday–Sunday) or month before each run. */
  params: z.object({
    productCode: z.string().min(1).max(32).optional(),
    region: z.enum(regions).optional(),
    expertId: z.uuid().optional(),
  }),
  format: z.enum(reportFormats),
  locale: z.enum(reportLocales).default('fr'),
  frequency: z.enum(scheduleFrequencies),
  hour: z.number().int().min(0).max(23),
  minute: z.number().int().min(0).max(59).default(0),
  /** Weekly: 1 (Monday) .. 7 (Sunday). */
  weekday: z.number().int().min(1).max(7).optional(),
  /** Monthly: 1..28. */
  monthDay: z.number().int().min(1).max(28).optional(),
  recipients: z.array(z.email().max(254)).min(1).max(20),
});

const frequencyFieldsMatch = (s: { frequency?: ScheduleFrequency; weekday?: number; monthDay?: number }) =>
  (s.frequency === 'weekly') === (s.weekday !== undefined) &&
  (s.frequency === 'monthly') === (s.monthDay !== undefined);

export const scheduleInput = scheduleFields.refine(frequencyFieldsMatch, {
  path: ['frequency'],
  message: 'Un envoi hebdomadaire a un jour de semaine, un envoi mensuel un jour du mois, et eux seuls',
});
export type ScheduleInput = z.input<typeof scheduleInput>;

export const scheduleUpdate = z.object({ active: z.boolean() });

export const scheduleRun = z.object({
  id: z.uuid(),
  dueAt: z.string(),
  periodFrom: isoDate,
  periodTo: isoDate,
  status: z.enum(['queued', 'running', 'sent', 'failed']),
  attempts: z.number().int(),
  recipients: z.array(z.string()),
  sizeBytes: z.number().int().nullable(),
  /** The file attached to the e-mail, or a link to it when it is over the attachment limit. */
  delivery: z.enum(['attachment', 'link']).nullable(),
  error: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().int().nullable(),
});
export type ScheduleRun = z.infer<typeof scheduleRun>;

export const reportSchedule = scheduleFields.extend({
  id: z.uuid(),
  locale: z.enum(reportLocales),
  minute: z.number().int(),
  active: z.boolean(),
  nextRunAt: z.string(),
  createdAt: z.string(),
  lastRun: scheduleRun.nullable(),
});
export type ReportSchedule = z.infer<typeof reportSchedule>;
