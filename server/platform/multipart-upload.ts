import { finished } from 'node:stream/promises';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';
import { payloadTooLarge } from './storage/index.ts';

/** A multipart body the parser cannot read (no boundary, cut short) is the client's error, not the server's. */
function malformedUpload(error: unknown): unknown {
  const status = (error as { statusCode?: number }).statusCode;
  if (error instanceof AppError || (status !== undefined && status < 500)) return error;
  return new AppError(400, 'VALIDATION_ERROR', 'Envoi de fichier illisible (multipart/form-data mal formé)');
}

/**
 * The one file of a multipart upload route (with `@fastify/multipart` registered, one file per request), handed to
 * `use` as a stream read as it arrives. Refuses a request that is not multipart (415) or that announces more than
 * `maxBytes` (413, before reading it). When `use` fails, the rest of the request is read so the client gets the
 * answer instead of a reset connection; a body cut short is the client's error (400).
 */
export async function receiveUpload<T>(
  request: FastifyRequest,
  maxBytes: number,
  use: (file: MultipartFile, stream: AsyncIterable<Uint8Array>) => Promise<T>,
): Promise<T> {
  if (!request.isMultipart()) {
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Envoyez le fichier en multipart/form-data');
  }
  const length = Number(request.headers['content-length']);
  if (Number.isFinite(length) && length > maxBytes + 64 * 1024) throw payloadTooLarge(maxBytes);
  const file = await request.file().catch((error: unknown) => {
    throw malformedUpload(error);
  });
  if (!file) throw new AppError(400, 'VALIDATION_ERROR', 'Aucun fichier reçu');
  try {
    // Iterated without destroying it on failure: the rest of the request is still to be read.
    return await use(file, file.file.iterator({ destroyOnReturn: false }));
  } catch (error) {
    if (!file.file.readableEnded && !file.file.destroyed) {
      file.file.resume();
      await finished(file.file).catch(() => {});
    }
    // The parser failed the file's stream (the body was cut short), possibly before this handler got it.
    throw file.file.errored ? malformedUpload(error) : error;
  }
}
