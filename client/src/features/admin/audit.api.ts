import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type {
  Attention,
  AttentionCount,
  AuditActor,
  AuditEntry,
  AuditFacets,
  AuditFilters,
} from '../../../../common/admin-audit.ts';
import type { Page } from '../../../../common/pagination.ts';
import { api } from '../../lib/api.ts';
import { auditKeys } from './audit.keys.ts';

/** Every audited action the filters select, newest first. */
export function useAuditLog(filters: AuditFilters, limit = 50) {
  return useInfiniteQuery({
    queryKey: auditKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      api<Page<AuditEntry>>('/api/admin/audit', { query: { ...filters, limit, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** The actions and entity types the log holds: the filters' choices. */
export function useAuditFacets() {
  return useQuery({
    queryKey: auditKeys.facets(),
    queryFn: ({ signal }) => api<AuditFacets>('/api/admin/audit/facets', { signal }),
    staleTime: 60_000,
  });
}

/** The people of the log whose name or e-mail holds `q`. */
export function useAuditActors(q: string) {
  return useQuery({
    queryKey: auditKeys.actors(q),
    queryFn: ({ signal }) => api<AuditActor[]>('/api/admin/audit/actors', { query: { q }, signal }),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
}

/** What waits for an admin now, kind by kind. */
export function useAttention() {
  return useQuery({
    queryKey: auditKeys.attention(),
    queryFn: ({ signal }) => api<Attention>('/api/admin/attention', { signal }),
  });
}

/** How many things wait for an admin: a badge's number (the dashboard may show it). */
export function useAttentionCount() {
  return useQuery({
    queryKey: auditKeys.attentionCount(),
    queryFn: ({ signal }) => api<AttentionCount>('/api/admin/attention/count', { signal }),
  });
}
