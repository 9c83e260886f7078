import type { z } from 'zod';
import type { adminUserListQuery } from '../../../../common/admin.ts';
import type { JoinRequestStatus } from '../../../../common/companies.ts';

export type UserFilters = Omit<z.input<typeof adminUserListQuery>, 'cursor' | 'limit'>;

/** Query keys of the admin lists: users and company join requests. */
export const adminKeys = {
  users: () => ['admin', 'users'] as const,
  userPage: (filters: UserFilters, limit: number) => ['admin', 'users', filters, limit] as const,
  joinRequests: () => ['admin', 'join-requests'] as const,
  joinRequestPage: (status: JoinRequestStatus, limit: number) =>
    ['admin', 'join-requests', status, limit] as const,
};
