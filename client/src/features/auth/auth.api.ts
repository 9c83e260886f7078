import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { MyJoinRequest } from '../../../../common/companies.ts';
import type { changePasswordInput, User } from '../../../../common/users.ts';
import { api } from '../../lib/api.ts';
import { accountKeys } from './auth.keys.ts';

// Signing in, signing up and out are the session's (lib/session.tsx): every feature depends on them.

export type ChangePassword = z.infer<typeof changePasswordInput>;

export function changePassword(input: ChangePassword) {
  return api('/api/me/password', { method: 'POST', body: input });
}

/** The signed-in user as the server sees them now (their status may have changed since sign-in). */
export function fetchMe() {
  return api<User>('/api/me');
}

/** A client's request to join an existing company, asked again whenever the account's status changes. */
export function useMyJoinRequest(user: User) {
  return useQuery({
    queryKey: accountKeys.joinRequest(user.status),
    queryFn: ({ signal }) => api<MyJoinRequest>('/api/me/company-join-request', { signal }),
    enabled: user.role === 'client',
  });
}
