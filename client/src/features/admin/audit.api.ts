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
import { ApiError, api, getAccessToken, refreshSession, toQueryString } from '../../lib/api.ts';
import { auditKeys } from './audit.keys.ts';

/** Every audited action the filters select, newest first. */
export function useAuditLog(filters: AuditFilters, limit = 50) {
  return useInfiniteQuery({
    queryKey: auditKeys.list(filters),
    queryFn: ({ pageParam, signal }) =>
      api<Page<AuditEntry>>('/api/admin/audit', { query: { ...filters, limit, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
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

/**
 * Downloads the CSV of the log under these filters. The API wants the session's bearer token, which a plain link
 * cannot carry: the file is fetched (the server streams it), then handed to the browser as a download.
 */
export async function downloadAuditCsv(filters: AuditFilters): Promise<void> {
  const path = `/api/admin/audit/export${toQueryString(filters)}`;
  const get = () =>
    fetch(path, { headers: { authorization: `Bearer ${getAccessToken()}` }, credentials: 'same-origin' });
  let res = await get();
  if (res.status === 401 && (await refreshSession())) res = await get();
  if (!res.ok) {
    const body = await res.json().catch(() => null);
    throw new ApiError(
      res.status,
      body?.error?.code ?? 'INTERNAL_ERROR',
      body?.error?.message ?? res.statusText,
    );
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'audit.csv';
  const url = URL.createObjectURL(await res.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
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
