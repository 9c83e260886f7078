import { z } from 'zod';
import { regions } from './reference.ts';

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
