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
import { dossierKeys } from '../dossiers/dossiers.keys.ts';
import { expertKeys, expertRequestKeys } from './experts.keys.ts';
import type { ExpertSearchUrl } from './searchParams.ts';

export function useExpertSearch(params: ExpertSearchUrl) {
  return useInfiniteQuery({
    queryKey: expertKeys.search(params),
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
    queryKey: expertKeys.profile(id),
    queryFn: ({ signal }) => api<ExpertProfile>(`/api/experts/${id}`, { signal }),
  });
}

export function useRecommendations(dossierId: string) {
  return useQuery({
    queryKey: expertKeys.recommended(dossierId),
    queryFn: ({ signal }) =>
      api<{ items: Recommendation[] }>('/api/experts/recommended', { query: { dossierId }, signal }).then(
        (r) => r.items,
      ),
  });
}

export function useExpertRequests(status?: ExpertRequestStatus) {
  return useQuery({
    queryKey: expertRequestKeys.list(status),
    queryFn: ({ signal }) =>
      api<Page<ExpertRequest>>('/api/expert-requests', { query: { status, limit: 100 }, signal }),
  });
}

/** After an expert request changes, both the requests and the dossiers they touch are stale. */
function useInvalidateRequests() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: expertRequestKeys.all }),
      queryClient.invalidateQueries({ queryKey: dossierKeys.all }),
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
    onSuccess: () => queryClient.invalidateQueries({ queryKey: expertKeys.all }),
  });
}

/** Stores a changed profile in the cache and marks the marketplace searches stale. */
function useStoreProfile() {
  const queryClient = useQueryClient();
  return (updated: ExpertProfile) => {
    queryClient.setQueryData(expertKeys.profile(updated.id), updated);
    void queryClient.invalidateQueries({ queryKey: expertKeys.searches() });
  };
}

/** The expert saves their own profile (the body is validated by `expertProfileUpdate` beforehand). */
export function useSaveOwnProfile() {
  const store = useStoreProfile();
  return useMutation({
    mutationFn: (body: unknown) => api<ExpertProfile>('/api/experts/me', { method: 'PATCH', body }),
    onSuccess: store,
  });
}

export function useVerifyExpert(expertId: string) {
  const store = useStoreProfile();
  return useMutation({
    mutationFn: () => api<ExpertProfile>(`/api/admin/experts/${expertId}/verify`, { method: 'POST' }),
    onSuccess: store,
  });
}

function useRefreshProfile(expertId: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: expertKeys.profile(expertId) });
}

/** The expert answers a review, once. */
export function useReplyToReview(review: Review) {
  const refresh = useRefreshProfile(review.expertId);
  return useMutation({
    mutationFn: (text: string) =>
      api<Review>(`/api/reviews/${review.id}/reply`, { method: 'POST', body: { text } }),
    onSuccess: refresh,
  });
}

/** An admin hides a review, with a reason kept in the audit log. */
export function useHideReview(review: Review) {
  const refresh = useRefreshProfile(review.expertId);
  return useMutation({
    mutationFn: (reason: string) =>
      api<Review>(`/api/admin/reviews/${review.id}/hide`, { method: 'POST', body: { reason } }),
    onSuccess: refresh,
  });
}
