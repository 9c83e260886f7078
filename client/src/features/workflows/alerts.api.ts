import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Alert } from '../../../../common/alerts.ts';
import type { Page } from '../../../../common/pagination.ts';
import { api } from '../../lib/api.ts';
import { type AlertFilters, workflowKeys } from './workflows.keys.ts';

export function useAlerts(filters: AlertFilters) {
  return useInfiniteQuery({
    queryKey: workflowKeys.alertList(filters),
    queryFn: ({ pageParam, signal }) =>
      api<Page<Alert>>('/api/alerts', {
        query: {
          ...filters,
          severity: filters.severity as string[] | undefined,
          type: filters.type as string[] | undefined,
          state: filters.state as string[] | undefined,
          limit: 20,
          cursor: pageParam,
        },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export type AlertDecision =
  | { id: string; action: 'acknowledge' }
  | { id: string; action: 'resolve'; note: string }
  | { id: string; action: 'snooze'; until: string };

/** Acknowledges, resolves (with a note) or snoozes (until a time) an alert; the counts and lists are read again. */
export function useAlertDecision() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, ...body }: AlertDecision) =>
      api<Alert>(`/api/alerts/${id}/${action}`, { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: workflowKeys.alerts }),
  });
}
