import {
  type Dossier,
  type DossierEvent,
  type DossierStatus,
  progressPercent,
} from '../../../common/dossiers.ts';
import type { DossierRow, TimelineRow } from './dossiers.repo.ts';

/** A dossier row as the API shows it. */
export function toDossier(row: DossierRow): Dossier {
  const status = row.status as DossierStatus;
  return {
    id: row.id,
    reference: row.reference,
    status,
    progress: progressPercent(status),
    product: { code: row.productCode, name: row.productName },
    company: { id: row.companyId, name: row.companyName, region: row.companyRegion },
    expert: row.expertId
      ? { id: row.expertId, firstName: row.expertFirstName!, lastName: row.expertLastName! }
      : null,
    estimatedCents: row.estimatedCents,
    auditedCents: row.auditedCents,
    grantedCents: row.grantedCents,
    obtainedCents: row.obtainedCents,
    administrationReference: row.administrationReference,
    statusChangedAt: row.statusChangedAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toTimelineEvent(e: TimelineRow): DossierEvent {
  return {
    id: e.id,
    type: e.type,
    fromStatus: e.fromStatus as DossierStatus | null,
    toStatus: e.toStatus as DossierStatus | null,
    note: e.note,
    actor: e.actorId
      ? { id: e.actorId, name: `${e.actorFirstName} ${e.actorLastName}`, role: e.actorRole! }
      : null,
    createdAt: e.createdAt.toISOString(),
  };
}
