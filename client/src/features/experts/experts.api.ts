import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ExpertProfile,
  ExpertRequest,
  ExpertRequestStatus,
  ExpertSearchResult,
  Recommendation,
  Review,
  ReviewInput,
} from '../../../../common/experts.ts';
import type { Page } from '../../../../common/pagination.ts';
import { api } from '../../lib/api.ts';
import type { ExpertSearchUrl } from './searchParams.ts';

export function useExpertSearch(params: ExpertSearchUrl) {
  return useInfiniteQuery({
    queryKey: ['experts', 'search', params],
    queryFn: ({ pageParam, signal }) =>
      api<ExpertSearchResult>('/api/experts', {
        query: { ...params, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: (previous) => previous,
  });
}

export function useExpertProfile(id: string) {
  return useQuery({
    queryKey: ['experts', 'profile', id],
    queryFn: ({ signal }) => api<ExpertProfile>(`/api/experts/${id}`, { signal }),
  });
}

export function useRecommendations(dossierId: string) {
  return useQuery({
    queryKey: ['experts', 'recommended', dossierId],
    queryFn: ({ signal }) =>
      api<{ items: Recommendation[] }>('/api/experts/recommended', { query: { dossierId }, signal }).then(
        (r) => r.items,
      ),
  });
}

export function useExpertRequests(status?: ExpertRequestStatus) {
  return useQuery({
    queryKey: ['expert-requests', status ?? 'all'],
    queryFn: ({ signal }) =>
      api<Page<ExpertRequest>>('/api/expert-requests', { query: { status, limit: 100 }, signal }),
  });
}

/** After an expert request changes, both the requests and the dossiers they touch are stale. */
function useInvalidateRequests() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['expert-requests'] }),
      queryClient.invalidateQueries({ queryKey: ['dossiers'] }),
    ]);
}

export function useRequestExpert(dossierId: string) {
  const invalidate = useInvalidateRequests();
  return useMutation({
    mutationFn: (input: { expertId: string; message?: string }) =>
      api<ExpertRequest>(`/api/dossiers/${dossierId}/expert-requests`, { method: 'POST', body: input }),
    onSuccess: invalidate,
  });
}

export function useRespondToRequest() {
  const invalidate = useInvalidateRequests();
  return useMutation({
    mutationFn: ({ id, accept, reason }: { id: string; accept: boolean; reason?: string }) =>
      api<ExpertRequest>(`/api/expert-requests/${id}/${accept ? 'accept' : 'decline'}`, {
        method: 'POST',
        body: accept ? {} : { reason },
      }),
    onSuccess: invalidate,
  });
}

export function useSubmitReview(expertId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ReviewInput) =>
      api<Review>(`/api/experts/${expertId}/reviews`, { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['experts'] }),
  });
}
