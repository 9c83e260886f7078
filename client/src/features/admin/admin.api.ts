import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { AdminUser } from '../../../../common/admin-users.ts';
import type { CompanyJoinRequest, JoinRequestStatus } from '../../../../common/companies.ts';
import type { DossierDetail } from '../../../../common/dossiers.ts';
import type { Page } from '../../../../common/pagination.ts';
import type { User } from '../../../../common/users.ts';
import { api } from '../../lib/api.ts';
import { useStoreDossier } from '../dossiers/dossiers.api.ts';
import { adminKeys, type UserFilters } from './admin.keys.ts';
export type UserAction = 'approve' | 'reject' | 'suspend' | 'reactivate';

export function useAdminUsers(filters: UserFilters, limit = 20) {
  return useInfiniteQuery({
    queryKey: adminKeys.userPage(filters, limit),
    queryFn: ({ pageParam, signal }) =>
      api<Page<AdminUser>>('/api/admin/users', { query: { ...filters, limit, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useUserAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, reason }: { id: string; action: UserAction; reason?: string }) =>
      api<User>(`/api/admin/users/${id}/${action}`, { method: 'POST', body: reason ? { reason } : {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.users() }),
  });
}

export function useJoinRequests(status: JoinRequestStatus, limit = 20) {
  return useInfiniteQuery({
    queryKey: adminKeys.joinRequestPage(status, limit),
    queryFn: ({ pageParam, signal }) =>
      api<Page<CompanyJoinRequest>>('/api/admin/company-join-requests', {
        query: { status, limit, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export type JoinDecision = 'approve' | 'reject';

export function useJoinRequestDecision() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision, reason }: { id: string; decision: JoinDecision; reason?: string }) =>
      api<CompanyJoinRequest>(`/api/admin/company-join-requests/${id}/${decision}`, {
        method: 'POST',
        body: decision === 'reject' ? { reason } : undefined,
      }),
    onSuccess: () => {
      queryClient.invalidateQueries({ queryKey: adminKeys.joinRequests() });
      queryClient.invalidateQueries({ queryKey: adminKeys.users() });
    },
  });
}

export function useAssignExpert() {
  const store = useStoreDossier();
  return useMutation({
    mutationFn: ({ dossierId, ...body }: { dossierId: string; expertId: string; reason?: string }) =>
      api<DossierDetail>(`/api/admin/dossiers/${dossierId}/assign`, { method: 'POST', body }),
    onSuccess: store,
  });
}
