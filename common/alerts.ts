import { z } from 'zod';
import { localizedText } from './products.ts';
import { alertSeverities, alertStates, alertTypes } from './workflow-constants.ts';

/** The alert centre's API (SLA alerts, overdue documents, assignments); the values as data in workflow-constants.ts. */
const oneOrMany = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.enum(values), z.array(z.enum(values))])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .optional();

export const alertListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  severity: oneOrMany(alertSeverities),
  type: oneOrMany(alertTypes),
  /** Default: every state but `resolved`. */
  state: oneOrMany(alertStates),
  dossierId: z.string().uuid().optional(),
  assigneeId: z.string().uuid().optional(),
});
export type AlertListQuery = z.input<typeof alertListQuery>;

export const alert = z.object({
  id: z.string().uuid(),
  type: z.enum(alertTypes),
  severity: z.enum(alertSeverities),
  state: z.enum(alertStates),
  level: z.number().int(),
  audience: z.enum(['expert', 'admin']),
  dossier: z
    .object({
      id: z.string().uuid(),
      reference: z.string(),
      productCode: z.string(),
      companyName: z.string(),
    })
    .nullable(),
  step: z.object({ id: z.string().uuid(), key: z.string(), name: localizedText }).nullable(),
  assignee: z.object({ id: z.string().uuid(), name: z.string() }).nullable(),
  /** The text's parameters (hoursLate, count…). */
  data: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  snoozedUntil: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  resolutionNote: z.string().nullable(),
  resolvedAutomatically: z.boolean(),
});
export type Alert = z.infer<typeof alert>;

export const alertCounts = z.object({
  /** Alerts not resolved and not snoozed: the header badge. */
  open: z.number().int(),
  bySeverity: z.partialRecord(z.enum(alertSeverities), z.number().int()),
});
export type AlertCounts = z.infer<typeof alertCounts>;

export const resolveAlertInput = z.object({ note: z.string().trim().min(1).max(2000) });
export const snoozeAlertInput = z.object({ until: z.string().datetime({ offset: true }) });

/** Real-time: the alert counts of the socket's user changed (an alert raised, acknowledged, resolved). */
export type AlertsChanged = { at: string };
