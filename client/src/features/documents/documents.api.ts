import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  accessLogEntry,
  DocumentCategory,
  DocumentDetail,
  DocumentRequest,
  DocumentSearchHit,
  DossierDocuments,
  ReviewInput,
} from '../../../../common/documents.ts';
import type { Page } from '../../../../common/pagination.ts';
import { ApiError, api, getAccessToken, refreshSession } from '../../lib/api.ts';
import { type DocumentSearchFilters, documentKeys } from './documents.keys.ts';

/** Everything the documents panel of a dossier shows: checklist, documents, requests, and what the reader may do. */
export function useDossierDocuments(dossierId: string) {
  return useQuery({
    queryKey: documentKeys.dossier(dossierId),
    queryFn: ({ signal }) => api<DossierDocuments>(`/api/dossiers/${dossierId}/documents`, { signal }),
  });
}

/** A document with every version, read when its history opens. */
export function useDocument(documentId: string, enabled: boolean) {
  return useQuery({
    queryKey: documentKeys.detail(documentId),
    queryFn: ({ signal }) => api<DocumentDetail>(`/api/documents/${documentId}`, { signal }),
    enabled,
  });
}

/** Marks every cached view of documents stale: a change to one document may show in the panel and the searches. */
export function useDocumentsChanged() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: documentKeys.all });
}

export type ReviewDecision = { documentId: string; versionId: string; input: ReviewInput };

export function useReview() {
  const changed = useDocumentsChanged();
  return useMutation({
    mutationFn: ({ documentId, versionId, input }: ReviewDecision) =>
      api<DocumentDetail>(`/api/documents/${documentId}/versions/${versionId}/review`, {
        method: 'POST',
        body: input,
      }),
    onSuccess: changed,
  });
}

export function useDeleteDocument() {
  const changed = useDocumentsChanged();
  return useMutation({
    mutationFn: ({ documentId, reason }: { documentId: string; reason?: string }) =>
      api<void>(`/api/documents/${documentId}`, { method: 'DELETE', body: reason ? { reason } : {} }),
    onSuccess: changed,
  });
}

export type RequestDraft = { category: DocumentCategory; note?: string; dueDate?: string };

export function useCreateRequest(dossierId: string) {
  const changed = useDocumentsChanged();
  return useMutation({
    mutationFn: (draft: RequestDraft) =>
      api<DocumentRequest>(`/api/dossiers/${dossierId}/document-requests`, { method: 'POST', body: draft }),
    onSuccess: changed,
  });
}

export function useCancelRequest() {
  const changed = useDocumentsChanged();
  return useMutation({
    mutationFn: (requestId: string) =>
      api<DocumentRequest>(`/api/document-requests/${requestId}/cancel`, { method: 'POST' }),
    onSuccess: changed,
  });
}

/** The open requests addressed to the reader across their dossiers ("what is asked of me"). */
export function useOpenRequests() {
  return useQuery({
    queryKey: documentKeys.openRequests(),
    queryFn: ({ signal }) =>
      api<Page<DocumentRequest>>('/api/document-requests', { query: { status: 'open', limit: 100 }, signal }),
  });
}

export function useDocumentSearch(filters: DocumentSearchFilters) {
  return useInfiniteQuery({
    queryKey: documentKeys.search(filters),
    queryFn: ({ pageParam, signal }) =>
      api<Page<DocumentSearchHit>>('/api/documents/search', {
        query: { ...filters, limit: 20, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export type AccessLogEntry = z.infer<typeof accessLogEntry>;

export function useAccessLog(documentId: string) {
  return useInfiniteQuery({
    queryKey: documentKeys.accessLog(documentId),
    queryFn: ({ pageParam, signal }) =>
      api<Page<AccessLogEntry>>(`/api/documents/${documentId}/access-log`, {
        query: { limit: 50, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

const contentPath = (documentId: string, versionId: string) =>
  `/api/documents/${documentId}/versions/${versionId}/content?disposition=inline`;

/** A version's bytes for the preview, fetched with the bearer token (renewed once when it has expired). */
export async function fetchVersionContent(documentId: string, versionId: string, signal?: AbortSignal) {
  const get = () => {
    const token = getAccessToken();
    return fetch(contentPath(documentId, versionId), {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      credentials: 'same-origin',
      signal,
    });
  };
  let res = await get();
  if (res.status === 401 && (await refreshSession())) res = await get();
  if (!res.ok)
    throw new ApiError(res.status, res.status === 404 ? 'NOT_FOUND' : 'INTERNAL_ERROR', res.statusText);
  return res.blob();
}

/**
 * Downloads a version through a short-lived signed link: the browser streams the file to disk itself, whatever its
 * size, instead of holding it in memory.
 */
export async function downloadVersion(documentId: string, versionId: string, filename: string) {
  const link = await api<{ url: string }>(`/api/documents/${documentId}/versions/${versionId}/link`, {
    method: 'POST',
  });
  const a = document.createElement('a');
  a.href = link.url;
  a.download = filename;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
}
