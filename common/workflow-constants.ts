/**
 * Workflows' values as data (statuses with steps, SLA units, step states, pause reasons, timeline events, banners,
 * alert types, severities and states), apart from the API's schemas (no zod), so that the web client's pages can
 * use them without shipping zod; `common/workflows.ts` re-exports them.
 */
import { dossierStatuses } from './dossier-lifecycle.ts';

/** The statuses that need at least one step: every status of the main path a dossier waits in (not `closed`). */
export const statusesWithSteps = dossierStatuses.filter(
  (s) => !['closed', 'not_eligible', 'refused', 'cancelled'].includes(s),
);

/**
 * How long a step may take. `business_hours` count 09:00–18:00 Europe/Paris on working days, `business_days` count
 * whole working days; working days exclude weekends and French public holidays (Alsace-Moselle's two extra days
 * aside). `hours` and `days` count every hour.
 */
export const slaUnits = ['hours', 'days', 'business_hours', 'business_days'] as const;
export type SlaUnit = (typeof slaUnits)[number];

export const stepStates = ['active', 'awaiting_validation', 'completed', 'skipped', 'abandoned'] as const;
export type StepState = (typeof stepStates)[number];
export const pauseReasons = ['documents_requested', 'awaiting_reply'] as const;
export type PauseReason = (typeof pauseReasons)[number];

export const workflowTimelineEvents = [
  'entered',
  'submitted',
  'completed',
  'sent_back',
  'skipped',
  'abandoned',
  'paused',
  'resumed',
  'signed',
  'migrated',
] as const;

export const bannerKinds = ['documents_awaited', 'sla_approaching', 'sla_breached', 'paused'] as const;

export const alertTypes = [
  'sla_approaching',
  'sla_breached',
  'sla_escalated',
  'assignment_unavailable',
  'documents_overdue',
] as const;
export type AlertType = (typeof alertTypes)[number];
export const alertSeverities = ['info', 'warning', 'high', 'critical'] as const;
export type AlertSeverity = (typeof alertSeverities)[number];
export const alertStates = ['open', 'acknowledged', 'snoozed', 'resolved'] as const;
export type AlertState = (typeof alertStates)[number];
