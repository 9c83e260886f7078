import type { User } from '../../../../common/users.ts';

/** Query keys of the signed-in user's own data. */
export const accountKeys = {
  joinRequest: (status: User['status']) => ['me', 'company-join-request', status] as const,
};
