import { z } from 'zod';
import { dossierStatuses } from './dossier-lifecycle.ts';
import { regions } from './reference.ts';

/**
 * The admin dashboard's figures (`GET /api/admin/metrics`). Every figure is read from aggregates kept in the same
 * transaction as the change that moves them (database triggers, migration 019), never by scanning the dossiers.
 * Days are Paris days; a period is `from`..`to`, both included; the previous period is the one of the same length
 * that ends the day before `from`.
 */

/** The presets of the period selector; the client turns one into `from`/`to` (`custom`: the admin's own dates). */
export const metricsPresets = ['today', '7d', '30d', 'quarter', 'year', 'custom'] as const;
export type MetricsPreset = (typeof metricsPresets)[number];

/** The bucket of the time series. */
export const metricsGroupBys = ['day', 'week', 'month'] as const;
export type MetricsGroupBy = (typeof metricsGroupBys)[number];

/** The longest period one request may ask for, in days. */
export const metricsMaxDays = 1100;

const isoDate = z.iso.date();

export const metricsQuery = z
  .object({
    from: isoDate,
    to: isoDate,
    /** Defaults to day up to 62 days, week up to 366, month beyond. */
    groupBy: z.enum(metricsGroupBys).optional(),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'La fin de la période précède son début' });
export type MetricsQuery = z.input<typeof metricsQuery>;

/** A flow over the period, beside the same flow over the previous period. */
export const countFigure = z.object({ value: z.number().int(), previous: z.number().int() });
/** A median or a rate, null when nothing happened in the period. */
export const ratioFigure = z.object({ value: z.number().nullable(), previous: z.number().nullable() });

const statusCounts = z.partialRecord(z.enum(dossierStatuses), z.number().int());

/**
 * The fee waterfall of the domain, per dossier refunded in the period and rounded to the cent per dossier: the
 * amount obtained → the expert's success fee (the expert's commission, 30 % by default) → the platform's share of
 * that fee (30 %) → what the expert keeps; the fee invoice adds 20 % VAT. Rates live in `fee_rates` (migration 019).
 */
export const feeWaterfall = z.object({
  obtainedCents: countFigure,
  expertFeesCents: countFigure,
  platformFeesCents: countFigure,
  expertNetCents: countFigure,
  vatCents: countFigure,
});

export const metricsSeriesPoint = z.object({
  /** First day of the bucket (ISO date). */
  bucket: isoDate,
  opened: z.number().int(),
  closed: z.number().int(),
  estimatedCents: z.number().int(),
  obtainedCents: z.number().int(),
});

export const metricsBreakdownRow = z.object({
  /** Dossiers open now. */
  open: z.number().int(),
  /** Dossiers opened in the period. */
  opened: z.number().int(),
  /** Amount obtained in the period. */
  obtainedCents: z.number().int(),
});

export const adminMetrics = z.object({
  period: z.object({
    from: isoDate,
    to: isoDate,
    previousFrom: isoDate,
    previousTo: isoDate,
    groupBy: z.enum(metricsGroupBys),
  }),
  generatedAt: z.string(),
  clients: z.object({ total: z.number().int(), new: countFigure }),
  experts: z.object({
    active: z.number().int(),
    pendingApproval: z.number().int(),
    new: countFigure,
    /** Dossiers under way held by experts, against the sum of active experts' capacities. */
    load: z.number().int(),
    capacity: z.number().int(),
  }),
  dossiers: z.object({
    opened: countFigure,
    closed: countFigure,
    /** Now, whatever the period. */
    byStatus: statusCounts,
    byProduct: z.array(metricsBreakdownRow.extend({ productCode: z.string() })),
    byRegion: z.array(metricsBreakdownRow.extend({ region: z.enum(regions) })),
  }),
  amounts: z.object({
    estimatedCents: countFigure,
    auditedCents: countFigure,
    grantedCents: countFigure,
    obtainedCents: countFigure,
  }),
  fees: feeWaterfall,
  /** Simulation → dossier → expert assigned → refunded, each counted when it happened in the period. */
  funnel: z.object({
    simulations: countFigure,
    dossiers: countFigure,
    expertAssigned: countFigure,
    refunded: countFigure,
  }),
  /** Median hours spent in each lifecycle status, over the stays that ended in the period. */
  leadTimes: z.array(
    z.object({ status: z.enum(dossierStatuses), medianHours: ratioFigure, count: z.number().int() }),
  ),
  /** Workflow steps with an SLA completed in the period: on time, late, and the share on time (0..1). */
  sla: z.object({ met: countFigure, breached: countFigure, compliance: ratioFigure }),
  /** Median minutes between an expert request and the expert's answer, over answers given in the period. */
  expertFirstResponse: z.object({ medianMinutes: ratioFigure, count: z.number().int() }),
  series: z.array(metricsSeriesPoint),
});
export type AdminMetrics = z.infer<typeof adminMetrics>;

/** `admin:metrics` (server → admins): figures moved; the dashboard reads them again. Sent at most once per 300 ms. */
export type MetricsChanged = {
  /** What moved: `dossiers`, `users`, `amounts`, `sla`, `experts`, `simulations`. */
  areas: string[];
  at: string;
};

/** `admin:live` (server → admins, every few seconds while an admin is connected): what is happening now. */
export const liveFigures = z.object({
  /** People with at least one socket open, across instances. */
  activeUsers: z.number().int(),
  /** Messages sent in the last hour. */
  messagesLastHour: z.number().int(),
  at: z.string(),
});
export type LiveFigures = z.infer<typeof liveFigures>;

/** The dashboard's own refusals (besides VALIDATION_ERROR for malformed dates, `from` after `to`, unknown groupBy). */
export const dashboardErrorCodes = ['METRICS_PERIOD_TOO_LONG'] as const;
