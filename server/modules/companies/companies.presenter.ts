import type { CompanyJoinRequest } from '../../../common/companies.ts';
import type { JoinRequestRow } from './companies.repo.ts';

/** A join request as the API shows it. */
export function toJoinRequest(row: JoinRequestRow): CompanyJoinRequest {
  return {
    id: row.id,
    status: row.status,
    company: { id: row.companyId, name: row.companyName, siren: row.companySiren },
    requester: {
      id: row.userId,
      email: row.userEmail,
      firstName: row.userFirstName,
      lastName: row.userLastName,
    },
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
    decidedAt: row.decidedAt?.toISOString() ?? null,
  };
}
