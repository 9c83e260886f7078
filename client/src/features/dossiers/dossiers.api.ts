import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { z } from 'zod';
import type { Dossier, DossierDetail, dossierSummary, TransitionInput } from '../../../../common/dossiers.ts';
import type { Page } from '../../../../common/pagination.ts';
import { api } from '../../lib/api.ts';
import { type DossierFilters, dossierKeys } from './dossiers.keys.ts';

export function useDossierList(filters: DossierFilters) {
  return useInfiniteQuery({
    queryKey: dossierKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      api<Page<Dossier>>('/api/dossiers', {
        query: {
          ...filters,
          status: filters.status as string[] | string | undefined,
          limit: 20,
          cursor: pageParam,
        },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useDossierSummary() {
  return useQuery({
    queryKey: dossierKeys.summary(),
    queryFn: () => api<z.infer<typeof dossierSummary>>('/api/dossiers/summary'),
  });
}

export function useDossier(id: string) {
  return useQuery({
    queryKey: dossierKeys.detail(id),
    queryFn: ({ signal }) => api<DossierDetail>(`/api/dossiers/${id}`, { signal }),
  });
}

/** Stores a changed dossier in the cache and marks every list stale. */
export function useStoreDossier() {
  const queryClient = useQueryClient();
  return (dossier: DossierDetail) => {
    queryClient.setQueryData(dossierKeys.detail(dossier.id), dossier);
    void queryClient.invalidateQueries({ queryKey: dossierKeys.lists() });
    void queryClient.invalidateQueries({ queryKey: dossierKeys.summary() });
  };
}

export function useTransition(id: string) {
  const store = useStoreDossier();
  return useMutation({
    mutationFn: (input: TransitionInput) =>
      api<DossierDetail>(`/api/dossiers/${id}/transitions`, { method: 'POST', body: input }),
    onSuccess: store,
  });
}
