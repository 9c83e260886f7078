import type { DetailedError, HttpResponse } from 'tus-js-client';
import type { DocumentCategory, DocumentDetail } from '../../../../common/documents.ts';
import type { ErrorBody } from '../../../../common/errors.ts';
import { ApiError, getAccessToken, refreshSession } from '../../lib/api.ts';

/** Where an uploaded file goes: a new document of this category, a new version of a document, an answer to a request. */
export type UploadTarget = {
  dossierId: string;
  category: DocumentCategory;
  documentId?: string;
  requestId?: string;
  comment?: string;
};

export type UploadHandlers = {
  onProgress: (sent: number, total: number) => void;
  /** The document the upload made; null when the server had finished it already (resumed after its last answer). */
  onSuccess: (document: DocumentDetail | null) => void;
  onError: (error: ApiError) => void;
};

export type UploadControl = { pause: () => void; resume: () => void; cancel: () => Promise<void> };

/** The API's error in a tus response (`{"error": {…}}`), if the body is one. */
function apiErrorOf(res: HttpResponse | null): ApiError | null {
  if (!res) return null;
  try {
    const body = JSON.parse(res.getBody()) as ErrorBody;
    return body?.error?.code ? new ApiError(res.getStatus(), body.error.code, body.error.message) : null;
  } catch {
    return null;
  }
}

function documentOf(res: HttpResponse): DocumentDetail | null {
  try {
    return JSON.parse(res.getBody()) as DocumentDetail;
  } catch {
    return null;
  }
}

function toApiError(error: Error | DetailedError): ApiError {
  const res = 'originalResponse' in error ? error.originalResponse : null;
  if (!res) return new ApiError(0, 'NETWORK_ERROR', error.message);
  const status = res.getStatus();
  return apiErrorOf(res) ?? new ApiError(status, status >= 500 ? 'INTERNAL_ERROR' : 'UNKNOWN', error.message);
}

/**
 * Sends a file to /api/uploads with the tus protocol. Its upload URL is kept in the browser's storage under a
 * fingerprint of the reader, the target and the file, so that choosing the same file again (after a reload, a lost
 * connection, a pause) resumes where the server stopped instead of starting over. tus-js-client loads with the first
 * upload, not with the page.
 */
export async function startUpload(
  file: File,
  target: UploadTarget,
  readerId: string,
  handlers: UploadHandlers,
): Promise<UploadControl> {
  const { Upload } = await import('tus-js-client');
  let renewing: Promise<unknown> | null = null;
  const metadata: Record<string, string> = {
    dossierId: target.dossierId,
    filename: file.name,
    category: target.category,
  };
  if (target.documentId) metadata.documentId = target.documentId;
  if (target.requestId) metadata.requestId = target.requestId;
  if (target.comment) metadata.comment = target.comment;

  const upload = new Upload(file, {
    endpoint: '/api/uploads',
    metadata,
    fingerprint: async () =>
      [
        'ft-document',
        readerId,
        target.dossierId,
        target.category,
        target.documentId ?? '',
        target.requestId ?? '',
        file.name,
        file.size,
        file.lastModified,
      ].join(':'),
    removeFingerprintOnSuccess: true,
    retryDelays: [0, 1000, 3000, 5000, 10_000, 20_000],
    onBeforeRequest: async (req) => {
      await renewing;
      const token = getAccessToken();
      if (token) req.setHeader('Authorization', `Bearer ${token}`);
    },
    onShouldRetry: (error, attempt) => {
      const res = error.originalResponse;
      const status = res?.getStatus() ?? 0;
      if (status === 401) {
        // An expired access token: renewed once, then the request goes again with the new one.
        if (attempt > 0) return false;
        renewing = refreshSession();
        return true;
      }
      // The API's own refusals (duplicate, too large, wrong type…) are final; tus's conflicts and locks are not.
      if (apiErrorOf(res ?? null)) return false;
      return (status === 0 || status >= 500 || status === 409 || status === 423) && navigator.onLine;
    },
    onProgress: handlers.onProgress,
    onSuccess: ({ lastResponse }) => handlers.onSuccess(documentOf(lastResponse)),
    onError: (error) => handlers.onError(toApiError(error)),
  });

  const [previous] = await upload.findPreviousUploads();
  if (previous) upload.resumeFromPreviousUpload(previous);
  upload.start();
  return {
    pause: () => void upload.abort(false),
    resume: () => upload.start(),
    // Terminating also frees what the server staged; when it is gone already, there is nothing to free.
    cancel: () => upload.abort(true).catch(() => {}),
  };
}
