import type { AdminUserFilters } from '../../../../common/admin-users.ts';
import type { JoinRequestStatus } from '../../../../common/companies.ts';
import type { EmailListQuery } from '../../../../common/emails.ts';

export type UserFilters = AdminUserFilters;
export type EmailFilters = Omit<EmailListQuery, 'cursor' | 'limit'>;

/** Query keys of the admin lists: users, company join requests, announcements, the e-mail outbox. */
export const adminKeys = {
  users: () => ['admin', 'users'] as const,
  userPage: (filters: UserFilters, limit: number) => ['admin', 'users', filters, limit] as const,
  joinRequests: () => ['admin', 'join-requests'] as const,
  joinRequestPage: (status: JoinRequestStatus, limit: number) =>
    ['admin', 'join-requests', status, limit] as const,
  announcements: () => ['admin', 'announcements'] as const,
  announcementList: () => ['admin', 'announcements', 'list'] as const,
  announcement: (id: string) => ['admin', 'announcements', 'one', id] as const,
  emailList: (filters: EmailFilters) => ['admin', 'emails', 'list', filters] as const,
  email: (id: string) => ['admin', 'emails', 'one', id] as const,
};
