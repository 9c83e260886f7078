import type { ColumnType } from 'kysely';
import type { DocumentReviewStatus, ExtractionStatus } from '../../common/documents.ts';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
/** bigint columns: pg answers strings, so sizes are read as numbers by the repositories (`Number(row.sizeBytes)`). */
type BigInt = ColumnType<string | number, number, number>;

/** The tables of documents (016_documents.sql). */
export interface DocumentsTable {
  id: string;
  dossierId: string;
  category: string;
  title: string;
  currentVersionId: string | null;
  status: DocumentReviewStatus;
  createdBy: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  // 017_documents_search.sql
  /** Generated from the title (documents_name_tsvector). */
  titleTsv: ColumnType<string, never, never>;
}

export interface DocumentVersionsTable {
  id: string;
  documentId: string;
  dossierId: string;
  version: number;
  storageKey: string;
  filename: string;
  mimeType: string;
  sizeBytes: BigInt;
  sha256: string;
  encrypted: boolean;
  comment: string | null;
  uploadedBy: string;
  createdAt: Timestamp;
  reviewStatus: Defaulted<DocumentReviewStatus>;
  reviewedBy: string | null;
  reviewedAt: Timestamp | null;
  reviewReason: string | null;
  extractionStatus: Defaulted<ExtractionStatus>;
  extractionError: string | null;
  extractedAt: Timestamp | null;
  pageCount: number | null;
  // 017_documents_search.sql
  /** When the stale-extraction sweep last queued the version. */
  extractionQueuedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** Generated from the file name (documents_name_tsvector). */
  filenameTsv: ColumnType<string, never, never>;
}

export interface DocumentRequestsTable {
  id: string;
  dossierId: string;
  category: string;
  note: string | null;
  dueAt: Timestamp | null;
  status: 'open' | 'fulfilled' | 'cancelled';
  documentId: string | null;
  requestedBy: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  closedAt: Timestamp | null;
  overdueNotifiedAt: Timestamp | null;
}

export interface DocumentAccessLogTable {
  id: string;
  documentId: string;
  versionId: string;
  dossierId: string;
  userId: string | null;
  action: 'preview' | 'download';
  via: 'route' | 'signed_link';
  ip: string | null;
  userAgent: string | null;
  at: Timestamp;
}

export interface DocumentPagesTable {
  versionId: string;
  page: number;
  text: string;
  // 017_documents_search.sql
  /** The version's dossier: the word index lists the pages of the dossiers a reader may see. */
  dossierId: string;
  /** Generated from the text (plain and accent-folded French). */
  tsv: ColumnType<string, never, never>;
}

export interface DocumentTables {
  documents: DocumentsTable;
  documentVersions: DocumentVersionsTable;
  documentRequests: DocumentRequestsTable;
  documentAccessLog: DocumentAccessLogTable;
  documentPages: DocumentPagesTable;
}
