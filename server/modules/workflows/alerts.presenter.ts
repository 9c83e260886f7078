import type { Alert } from '../../../common/alerts.ts';
import type { DomainEvents } from '../../platform/events.ts';
import type { AlertEventRow, AlertRow } from './alerts.repo.ts';

type AlertEvent = DomainEvents['alerts.raised']['alerts'][number];

export function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    type: row.type,
    severity: row.severity,
    state: row.state,
    level: row.level,
    audience: row.audience,
    dossier:
      row.dossierId && row.dossierReference && row.productCode
        ? {
            id: row.dossierId,
            reference: row.dossierReference,
            productCode: row.productCode,
            companyName: row.companyName ?? '',
          }
        : null,
    step:
      row.stepId && row.stepKey
        ? {
            id: row.stepId,
            key: row.stepKey,
            name: row.stepName ?? { fr: row.stepKey, en: row.stepKey },
          }
        : null,
    assignee: row.assigneeId
      ? { id: row.assigneeId, name: `${row.assigneeFirstName ?? ''} ${row.assigneeLastName ?? ''}`.trim() }
      : null,
    data: row.data,
    createdAt: row.createdAt.toISOString(),
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    snoozedUntil: row.snoozedUntil?.toISOString() ?? null,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    resolutionNote: row.resolutionNote,
    resolvedAutomatically: row.resolvedAutomatically,
  };
}

export function alertEventOf(row: Omit<AlertEventRow, 'state'>): AlertEvent {
  return {
    alertId: row.id,
    type: row.type,
    severity: row.severity,
    level: row.level,
    dossierId: row.dossierId,
    assigneeId: row.assigneeId,
    audience: row.audience,
    data: row.data,
  };
}

export function alertUpdateOf(row: AlertEventRow, at: Date): DomainEvents['alert.updated'] {
  const { data: _data, ...event } = alertEventOf(row);
  return { ...event, state: row.state, at };
}
