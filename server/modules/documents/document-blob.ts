import { createHash } from 'node:crypto';
import { documentMimeTypes } from '../../../common/documents.ts';
import { unprocessable } from '../../platform/errors.ts';
import { detectFileType } from '../../platform/files.ts';
import type { BlobStorage, StoredBlob } from '../../platform/storage/index.ts';

/** Where documents' blobs live in the store (the reconcile job looks there for orphans). */
export const DOCUMENTS_PREFIX = 'documents';

export type CheckedBlob = StoredBlob & { sha256: string; mimeType: string };

const emptyFile = () => unprocessable('DOCUMENT_EMPTY', 'Le fichier est vide');

/** Hashes the plain bytes as they pass; refuses a stream that ends without any. */
async function* digesting(
  source: AsyncIterable<Uint8Array>,
  digest: { hash: ReturnType<typeof createHash> },
) {
  let size = 0;
  for await (const chunk of source) {
    size += chunk.length;
    digest.hash.update(chunk);
    yield chunk;
  }
  if (size === 0) throw emptyFile();
}

/**
 * Streams an upload into the store, never holding it whole: its type told by its bytes among the accepted ones
 * (415), its size checked as it goes (413), an empty file refused (DOCUMENT_EMPTY), its SHA-256 computed on the
 * way. Any failure, a cut connection included, leaves no blob (the store writes under a temporary name).
 */
export async function storeDocumentBlob(
  storage: BlobStorage,
  file: { filename: string; stream: AsyncIterable<Uint8Array> },
  maxBytes: number,
): Promise<CheckedBlob> {
  const digest = { hash: createHash('sha256') };
  const detected = { mime: '' };
  const typed = detectFileType(digesting(file.stream, digest), file.filename, detected, documentMimeTypes);
  const stored = await storage.put(typed, { maxBytes, prefix: DOCUMENTS_PREFIX });
  return { ...stored, sha256: digest.hash.digest('hex'), mimeType: detected.mime };
}
