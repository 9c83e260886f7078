import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { MyJoinRequest } from '../../../../common/companies.ts';
import type {
  changeEmailInput,
  changePasswordInput,
  resetPasswordInput,
  User,
} from '../../../../common/users.ts';
import { ApiError, api, refreshSession } from '../../lib/api.ts';
import { downloadFile } from '../../lib/download.ts';
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

export type ChangeEmail = z.infer<typeof changeEmailInput>;
export type ResetPassword = z.infer<typeof resetPasswordInput>;

/** Follows the link of a verification e-mail. */
export function verifyEmail(token: string) {
  return api('/api/auth/verify-email', { method: 'POST', body: { token } });
}

/** A new verification link to the signed-in user's address. */
export async function resendVerification() {
  const resend = () => api('/api/auth/verify-email/resend', { method: 'POST' });
  try {
    return await resend();
  } catch (error) {
    // The API renews an expired access token on its own, except on /api/auth/ routes: done here.
    if (error instanceof ApiError && error.status === 401 && (await refreshSession())) return resend();
    throw error;
  }
}

/** Answered alike whether or not the address has an account. */
export function forgotPassword(email: string) {
  return api('/api/auth/forgot-password', { method: 'POST', body: { email } });
}

export function resetPassword(input: ResetPassword) {
  return api('/api/auth/reset-password', { method: 'POST', body: input });
}

/** The user with the new address, not verified yet. */
export function changeEmail(input: ChangeEmail) {
  return api<User>('/api/me/email', { method: 'PUT', body: input });
}

/** Every piece of the user's personal data, as a ZIP (GDPR portability). */
export function downloadMyData() {
  return downloadFile('/api/me/data-export', 'mes-donnees-financialtracker.zip');
}
