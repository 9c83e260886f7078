import {
  type DocumentCategory,
  type DocumentDetail,
  type DocumentSummary,
  type DocumentVersion,
  previewableMimeTypes,
} from '../../../common/documents.ts';
import type { DocumentRow, VersionRow } from './documents.repo.ts';
import { retainedUntil } from './retention.ts';

export const isPreviewable = (mimeType: string): boolean =>
  (previewableMimeTypes as readonly string[]).includes(mimeType);

export function toDocumentVersion(v: VersionRow, currentVersionId: string | null): DocumentVersion {
  return {
    id: v.id,
    version: v.version,
    filename: v.filename,
    mimeType: v.mimeType,
    sizeBytes: Number(v.sizeBytes),
    sha256: v.sha256,
    comment: v.comment,
    uploadedBy: { id: v.uploadedBy, name: v.uploaderName },
    createdAt: v.createdAt.toISOString(),
    reviewStatus: v.reviewStatus,
    reviewedBy: v.reviewedBy ? { id: v.reviewedBy, name: v.reviewerName ?? '' } : null,
    reviewedAt: v.reviewedAt?.toISOString() ?? null,
    reviewReason: v.reviewReason,
    extractionStatus: v.extractionStatus,
    pageCount: v.pageCount,
    current: v.id === currentVersionId,
    previewable: isPreviewable(v.mimeType),
  };
}

/** The document with its versions (newest first, as `documentsRepo.versionsOf` gives them). */
export function toDocumentDetail(
  d: DocumentRow,
  versions: readonly VersionRow[],
  retentionYears: number,
): DocumentDetail {
  const shown = versions.map((v) => toDocumentVersion(v, d.currentVersionId));
  const current = shown.find((v) => v.current);
  if (!current) throw new Error(`document ${d.id} has no current version`);
  const until = retainedUntil(
    { status: d.dossierStatus, statusChangedAt: d.dossierStatusChangedAt },
    retentionYears,
  );
  return {
    id: d.id,
    dossierId: d.dossierId,
    dossierReference: d.dossierReference,
    category: d.category as DocumentCategory,
    title: d.title,
    status: d.status,
    currentVersion: current,
    versionCount: shown.length,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    retainedUntil: until?.toISOString() ?? null,
    versions: shown,
  };
}

export function toDocumentSummary(
  d: DocumentRow,
  versions: readonly VersionRow[],
  retentionYears: number,
): DocumentSummary {
  const { versions: _versions, ...summary } = toDocumentDetail(d, versions, retentionYears);
  return summary;
}

/** Each document's versions, from the rows of `documentsRepo.versionsOf`. */
export function versionsByDocument(rows: readonly VersionRow[]): Map<string, VersionRow[]> {
  const byDocument = new Map<string, VersionRow[]>();
  for (const row of rows) {
    const list = byDocument.get(row.documentId);
    if (list) list.push(row);
    else byDocument.set(row.documentId, [row]);
  }
  return byDocument;
}
