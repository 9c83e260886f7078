import type { DocumentCategory, DocumentRequest } from '../../../common/documents.ts';
import type { DocumentRequestRow } from './document-requests.repo.ts';

/** Open and past its due date at `now`. */
export const isOverdue = (row: Pick<DocumentRequestRow, 'status' | 'dueAt'>, now: Date) =>
  row.status === 'open' && row.dueAt !== null && row.dueAt.getTime() < now.getTime();

/** A document request as the API shows it, `overdue` as of `now`. */
export function toDocumentRequest(row: DocumentRequestRow, now: Date): DocumentRequest {
  return {
    id: row.id,
    dossierId: row.dossierId,
    dossierReference: row.dossierReference,
    category: row.category as DocumentCategory,
    note: row.note,
    dueAt: row.dueAt ? row.dueAt.toISOString() : null,
    overdue: isOverdue(row, now),
    status: row.status,
    documentId: row.documentId,
    requestedBy: { id: row.requestedBy, name: `${row.requesterFirstName} ${row.requesterLastName}` },
    createdAt: row.createdAt.toISOString(),
    closedAt: row.closedAt ? row.closedAt.toISOString() : null,
  };
}
