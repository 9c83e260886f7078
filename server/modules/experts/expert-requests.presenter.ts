import type { ExpertRequest } from '../../../common/experts.ts';
import type { RequestRow } from './expert-requests.repo.ts';

/** An expert request as the API shows it. */
export function toRequest(r: RequestRow): ExpertRequest {
  return {
    id: r.id,
    status: r.status,
    dossier: { id: r.dossierId, reference: r.reference, productCode: r.productCode, status: r.dossierStatus },
    expert: { id: r.expertId, firstName: r.firstName, lastName: r.lastName },
    company: { id: r.companyId, name: r.companyName, region: r.companyRegion },
    message: r.message,
    reason: r.reason,
    createdAt: r.createdAt.toISOString(),
    respondedAt: r.respondedAt ? r.respondedAt.toISOString() : null,
  };
}
