import {
  type ExpertLoad,
  expertAnswerHours,
  type PendingExpertRequest,
  type UnassignedDossier,
} from '../../../common/admin-assignments.ts';
import type { assignmentsRepo, ExpertLoadRow } from './assignments.repo.ts';

type UnassignedRow = Awaited<ReturnType<typeof assignmentsRepo.unassigned>>[number];
type PendingRequestRow = Awaited<ReturnType<typeof assignmentsRepo.pendingRequests>>[number];

const minutesBetween = (from: Date, to: Date) =>
  Math.max(0, Math.floor((to.getTime() - from.getTime()) / 60_000));

export function toUnassignedDossier(row: UnassignedRow, now: Date): UnassignedDossier {
  return {
    id: row.id,
    reference: row.reference,
    product: { code: row.productCode, name: row.productName },
    company: { id: row.companyId, name: row.companyName, region: row.companyRegion },
    estimatedCents: row.estimatedCents,
    eligibleSince: row.statusChangedAt.toISOString(),
    ageMinutes: minutesBetween(row.statusChangedAt, now),
  };
}

export function toPendingRequest(row: PendingRequestRow, now: Date): PendingExpertRequest {
  const deadline = new Date(row.createdAt.getTime() + expertAnswerHours * 3_600_000);
  return {
    id: row.id,
    dossier: {
      id: row.dossierId,
      reference: row.reference,
      product: { code: row.productCode, name: row.productName },
    },
    company: { id: row.companyId, name: row.companyName, region: row.companyRegion },
    expert: { id: row.expertId, firstName: row.expertFirstName, lastName: row.expertLastName },
    requestedAt: row.createdAt.toISOString(),
    ageMinutes: minutesBetween(row.createdAt, now),
    deadline: deadline.toISOString(),
    late: deadline.getTime() < now.getTime(),
  };
}

export function toExpertLoad({ loadRatio: _ratio, ...row }: ExpertLoadRow): ExpertLoad {
  const state =
    row.activeLoad > row.capacity ? 'overloaded' : row.activeLoad === row.capacity ? 'full' : 'available';
  return { ...row, state };
}
