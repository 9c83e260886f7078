import type { DocumentCategory, DocumentReviewStatus } from '../../../../common/documents.ts';

/** What "Mes documents" searches and filters by (the query of GET /api/documents/search without its cursor). */
export type DocumentSearchFilters = {
  q?: string;
  dossierId?: string;
  category?: DocumentCategory;
  status?: DocumentReviewStatus;
  from?: string;
  to?: string;
};

/**
 * Query keys of documents; `all` covers a dossier's panel, the searches and the requests, which one upload, review
 * or deletion may all change.
 */
export const documentKeys = {
  all: ['documents'] as const,
  dossier: (dossierId: string) => ['documents', 'dossier', dossierId] as const,
  detail: (documentId: string) => ['documents', 'detail', documentId] as const,
  search: (filters: DocumentSearchFilters) => ['documents', 'search', filters] as const,
  openRequests: () => ['documents', 'requests', 'open'] as const,
  accessLog: (documentId: string) => ['documents', 'access-log', documentId] as const,
  /** A version's bytes for a preview: they never change, so they stay apart from `all`. */
  content: (versionId: string) => ['document-content', versionId] as const,
};
