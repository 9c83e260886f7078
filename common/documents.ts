import { z } from 'zod';
import { documentCategoryCodes } from './document-categories.ts';
import { pageQuery } from './pagination.ts';
import { searchText } from './text.ts';

export * from './document-categories.ts';

export const documentErrorCodes = [
  /** The category is not in the catalogue (common/document-categories.ts). */
  'DOCUMENT_CATEGORY_UNKNOWN',
  /** This exact file (same SHA-256) is already a version of a document of this dossier; details say which. */
  'DOCUMENT_DUPLICATE',
  /** A file of zero bytes. */
  'DOCUMENT_EMPTY',
  /** Only the current version, while pending, can be approved or rejected. */
  'DOCUMENT_NOT_REVIEWABLE',
  /** A closed dossier's documents are kept for the retention period; details carry `retainedUntil`. */
  'DOCUMENT_RETAINED',
  /** Uploads and requests need a dossier that is not closed. */
  'DOCUMENT_DOSSIER_CLOSED',
  /** The request was fulfilled or cancelled already. */
  'DOCUMENT_REQUEST_CLOSED',
  /** A signed download link that is malformed, forged or past its expiry. */
  'DOCUMENT_LINK_INVALID',
  /** A resumable upload's metadata is missing or wrong (dossier, category, name). */
  'DOCUMENT_UPLOAD_INVALID',
] as const;

/**
 * Types accepted, told by the bytes (server/platform/files.ts): PDF, PNG, JPEG, WebP, HEIC, DOCX, XLSX, ODT, ODS,
 * CSV and plain text.
 */
export const documentMimeTypes = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/heic',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'text/csv',
  'text/plain',
] as const;

/** Shown inline (preview) rather than as an attachment. */
export const previewableMimeTypes = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp'] as const;

export const documentReviewStatuses = ['pending', 'approved', 'rejected'] as const;
export type DocumentReviewStatus = (typeof documentReviewStatuses)[number];

export const extractionStatuses = ['pending', 'done', 'failed', 'not_extracted'] as const;
export type ExtractionStatus = (typeof extractionStatuses)[number];

/** A category's line in a dossier's checklist. */
export const checklistStates = ['missing', 'requested', 'pending', 'approved', 'rejected'] as const;
export type ChecklistState = (typeof checklistStates)[number];

export const documentRequestStatuses = ['open', 'fulfilled', 'cancelled'] as const;

export const documentCategory = z.enum(documentCategoryCodes);

const person = z.object({ id: z.string().uuid(), name: z.string() });

export const documentVersion = z.object({
  id: z.string().uuid(),
  version: z.number().int().positive(),
  filename: z.string(),
  mimeType: z.string(),
  sizeBytes: z.number().int().positive(),
  sha256: z.string(),
  comment: z.string().nullable(),
  uploadedBy: person,
  createdAt: z.string(),
  reviewStatus: z.enum(documentReviewStatuses),
  reviewedBy: person.nullable(),
  reviewedAt: z.string().nullable(),
  reviewReason: z.string().nullable(),
  extractionStatus: z.enum(extractionStatuses),
  pageCount: z.number().int().nullable(),
  /** The version is the document's current one. */
  current: z.boolean(),
  previewable: z.boolean(),
});
export type DocumentVersion = z.infer<typeof documentVersion>;

export const documentSummary = z.object({
  id: z.string().uuid(),
  dossierId: z.string().uuid(),
  dossierReference: z.string(),
  category: documentCategory,
  title: z.string(),
  status: z.enum(documentReviewStatuses),
  currentVersion: documentVersion,
  versionCount: z.number().int().positive(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Until when a closed dossier's document is kept (null while the dossier is open). */
  retainedUntil: z.string().nullable(),
});
export type DocumentSummary = z.infer<typeof documentSummary>;

export const documentDetail = documentSummary.extend({ versions: z.array(documentVersion) });
export type DocumentDetail = z.infer<typeof documentDetail>;

export const documentRequest = z.object({
  id: z.string().uuid(),
  dossierId: z.string().uuid(),
  dossierReference: z.string(),
  category: documentCategory,
  note: z.string().nullable(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  status: z.enum(documentRequestStatuses),
  documentId: z.string().uuid().nullable(),
  requestedBy: person,
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});
export type DocumentRequest = z.infer<typeof documentRequest>;

export const checklistItem = z.object({
  category: documentCategory,
  /** Listed by the dossier's product (false: a category only present because a document or request has it). */
  required: z.boolean(),
  state: z.enum(checklistStates),
  documentIds: z.array(z.string().uuid()),
  openRequestId: z.string().uuid().nullable(),
});
export type ChecklistItem = z.infer<typeof checklistItem>;

/** `GET /api/dossiers/:id/documents`: everything the documents panel shows. */
export const dossierDocuments = z.object({
  checklist: z.array(checklistItem),
  documents: z.array(documentSummary),
  requests: z.array(documentRequest),
  /** What the caller may do here. */
  can: z.object({
    upload: z.boolean(),
    review: z.boolean(),
    request: z.boolean(),
    readAccessLog: z.boolean(),
  }),
});
export type DossierDocuments = z.infer<typeof dossierDocuments>;

const text = (max: number) => z.string().trim().min(1).max(max);

/** The fields of an upload (multipart fields before the file, or tus metadata). */
export const uploadFields = z.object({
  category: documentCategory,
  /** Adds a version to this document instead of creating a new one. */
  documentId: z.string().uuid().optional(),
  /** Answers this request (it becomes fulfilled). */
  requestId: z.string().uuid().optional(),
  comment: text(1000).optional(),
});
export type UploadFields = z.infer<typeof uploadFields>;

export const reviewInput = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approved') }),
  z.object({ decision: z.literal('rejected'), reason: text(1000) }),
]);
export type ReviewInput = z.infer<typeof reviewInput>;

export const deleteDocumentInput = z.object({ reason: text(1000).optional() });

export const createDocumentRequestInput = z.object({
  category: documentCategory,
  note: text(1000).optional(),
  /** A calendar date (YYYY-MM-DD): due at the end of that day, Paris time. */
  dueDate: z.iso.date().optional(),
});

export const documentRequestListQuery = pageQuery.extend({
  status: z.enum(documentRequestStatuses).optional(),
  dossierId: z.string().uuid().optional(),
});

export const signedLink = z.object({ url: z.string(), expiresAt: z.string() });

export const accessLogEntry = z.object({
  id: z.string().uuid(),
  versionId: z.string().uuid(),
  version: z.number().int().nullable(),
  user: person.nullable(),
  action: z.enum(['preview', 'download']),
  via: z.enum(['route', 'signed_link']),
  ip: z.string().nullable(),
  at: z.string(),
});

export const documentSearchQuery = pageQuery.extend({
  q: searchText({ min: 2, max: 200 }).optional(),
  dossierId: z.string().uuid().optional(),
  category: documentCategory.optional(),
  status: z.enum(documentReviewStatuses).optional(),
  /** Uploaded on or after / before (YYYY-MM-DD). */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

export const documentSearchHit = z.object({
  document: documentSummary,
  /** Where the words were found: the name, or inside the file (with its page). */
  match: z.enum(['name', 'content']).nullable(),
  page: z.number().int().nullable(),
  /** Text around the words, the words between `<mark>` and `</mark>` (everything else escaped). */
  snippet: z.string().nullable(),
});
export type DocumentSearchHit = z.infer<typeof documentSearchHit>;
