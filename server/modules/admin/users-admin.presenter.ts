import type {
  AdminUser,
  AdminUserAuditEntry,
  AdminUserDetail,
  AdminUserSession,
} from '../../../common/admin-users.ts';
import type { Company } from '../../../common/users.ts';
import type { usersDetailRepo } from './users-detail.repo.ts';
import type { usersListRepo } from './users-list.repo.ts';

type ListRow = Awaited<ReturnType<typeof usersListRepo.list>>[number];
type DetailRow = NonNullable<Awaited<ReturnType<typeof usersDetailRepo.find>>>;
type ProfileRow = NonNullable<Awaited<ReturnType<typeof usersDetailRepo.expertProfile>>>;
type SessionRow = Awaited<ReturnType<typeof usersDetailRepo.activeSessions>>[number];
type AuditRow = Awaited<ReturnType<typeof usersDetailRepo.auditTrail>>[number];
type DossierCounts = Awaited<ReturnType<typeof usersDetailRepo.dossierCounts>>;

const iso = (at: Date | null) => (at ? at.toISOString() : null);

/** A row of the users list as the API shows it. */
export function toAdminUser(row: Omit<ListRow, 'sortKey'>): AdminUser {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    status: row.status,
    firstName: row.firstName,
    lastName: row.lastName,
    companyName: row.companyName,
    specialties: row.specialties,
    emailVerified: row.emailVerifiedAt !== null,
    createdAt: row.createdAt.toISOString(),
    lastActivityAt: row.lastActivityAt.toISOString(),
  };
}

export function toAdminUserSession(row: SessionRow): AdminUserSession {
  return {
    id: row.id,
    userAgent: row.userAgent,
    ip: row.ip,
    startedAt: row.startedAt.toISOString(),
    lastUsedAt: row.lastUsedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
  };
}

/** A user's page: the account, its company or expert profile, its activity and its live sessions. */
export function toAdminUserDetail(
  row: DetailRow,
  profile: ProfileRow | undefined,
  dossiers: DossierCounts,
  sessions: SessionRow[],
): AdminUserDetail {
  const company: Company | null = row.companyId
    ? {
        id: row.companyId,
        name: row.companyName!,
        siren: row.companySiren!,
        sector: row.companySector as Company['sector'],
        size: row.companySize as Company['size'],
        region: row.companyRegion as Company['region'],
      }
    : null;
  return {
    user: {
      ...toAdminUser({ ...row, specialties: profile?.specialties ?? null }),
      statusReason: row.statusReason,
      locale: row.locale,
    },
    company,
    expertProfile: profile
      ? {
          ...profile,
          regions: profile.regions as NonNullable<AdminUserDetail['expertProfile']>['regions'],
          languages: profile.languages as NonNullable<AdminUserDetail['expertProfile']>['languages'],
        }
      : null,
    activity: {
      lastSignInAt: iso(row.lastSignInAt),
      lastSeenAt: iso(row.lastSeenAt),
      dossiers: Number(dossiers.total),
      openDossiers: Number(dossiers.open),
      messagesSent: Number(row.messagesSent ?? 0),
    },
    sessions: sessions.map(toAdminUserSession),
  };
}

export function toAuditEntry(row: AuditRow): AdminUserAuditEntry {
  return { ...row, createdAt: row.createdAt.toISOString() };
}
