import { useInfiniteQuery } from '@tanstack/react-query';
import type {
  ExpertLoad,
  ExpertLoadQuery,
  PendingExpertRequest,
  UnassignedDossier,
} from '../../../../common/admin-assignments.ts';
import type { Page } from '../../../../common/pagination.ts';
import { api } from '../../lib/api.ts';

export type ExpertLoadFilters = Omit<ExpertLoadQuery, 'cursor' | 'limit'>;

/** Query keys of the assignment monitor; `all` marks its three lists stale after an assignment. */
export const assignmentKeys = {
  all: ['admin', 'assignments'] as const,
  unassigned: () => ['admin', 'assignments', 'unassigned'] as const,
  requests: () => ['admin', 'assignments', 'requests'] as const,
  experts: (filters: ExpertLoadFilters) => ['admin', 'assignments', 'experts', filters] as const,
};

function usePaged<Item>(queryKey: readonly unknown[], path: string, query: Record<string, unknown> = {}) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) =>
      api<Page<Item>>(path, { query: { ...query, limit: 20, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export const useUnassignedDossiers = () =>
  usePaged<UnassignedDossier>(assignmentKeys.unassigned(), '/api/admin/assignments/unassigned');

export const usePendingRequests = () =>
  usePaged<PendingExpertRequest>(assignmentKeys.requests(), '/api/admin/assignments/requests');

export const useExpertLoads = (filters: ExpertLoadFilters) =>
  usePaged<ExpertLoad>(assignmentKeys.experts(filters), '/api/admin/assignments/experts', filters);
