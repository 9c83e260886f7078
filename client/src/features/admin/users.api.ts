import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AdminUserAuditEntry, AdminUserDetail } from '../../../../common/admin-users.ts';
import type { Page } from '../../../../common/pagination.ts';
import { api } from '../../lib/api.ts';
import { adminKeys } from './admin.keys.ts';
import { adminUserKeys } from './users.keys.ts';

export function useAdminUserDetail(id: string) {
  return useQuery({
    queryKey: adminUserKeys.detail(id),
    queryFn: ({ signal }) => api<AdminUserDetail>(`/api/admin/users/${id}`, { signal }),
  });
}

export function useAdminUserAudit(id: string) {
  return useInfiniteQuery({
    queryKey: adminUserKeys.audit(id),
    queryFn: ({ pageParam, signal }) =>
      api<Page<AdminUserAuditEntry>>(`/api/admin/users/${id}/audit`, {
        query: { limit: 20, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Ends the user's sessions, makes their password unusable and e-mails them a reset link. */
export function useForcePasswordReset() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(`/api/admin/users/${id}/force-password-reset`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.users() }),
  });
}
