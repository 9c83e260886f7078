import type { UserStatus } from '../../../../common/roles.ts';

/** The colour of an account's status, wherever it is shown. */
export const userStatusTone: Record<UserStatus, string> = {
  active: 'text-emerald-700',
  pending: 'text-amber-700',
  rejected: 'text-slate-600',
  suspended: 'text-red-700',
};
