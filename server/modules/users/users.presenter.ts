import type { Company, User } from '../../../common/users.ts';
import type { UserWithCompanyRow } from './users.repo.ts';

/** An account as the API shows it, with its company. */
export function toUser(row: UserWithCompanyRow): User {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    status: row.status,
    firstName: row.firstName,
    lastName: row.lastName,
    emailVerified: row.emailVerifiedAt !== null,
    createdAt: row.createdAt.toISOString(),
    company: row.companyId
      ? {
          id: row.companyId,
          name: row.companyName!,
          siren: row.companySiren!,
          sector: row.companySector as Company['sector'],
          size: row.companySize as Company['size'],
          region: row.companyRegion as Company['region'],
        }
      : null,
  };
}
