import { fileTypeFromBuffer } from 'file-type';
import { attachmentMimeTypes, hasControlCharacters } from '../../../common/messaging.ts';
import { AppError } from '../../platform/errors.ts';

/** Bytes looked at before deciding a file's type (Office documents name their parts early in the zip). */
const SNIFF_BYTES = 64 * 1024;
const allowed = new Set<string>(attachmentMimeTypes);

export const unsupportedType = (what: string) =>
  new AppError(
    415,
    'UNSUPPORTED_MEDIA_TYPE',
    `Type de fichier non accepté (${what}) : PDF, images, documents Office ou OpenDocument, texte ou CSV`,
  );

/** Text without magic bytes: valid UTF-8 with no control characters other than tab and line breaks. */
function looksLikeText(head: Uint8Array, complete: boolean): boolean {
  if (head.length === 0) return false;
  // A multi-byte character may be cut at the end of a partial sample.
  const sample = complete ? head : head.subarray(0, Math.max(0, head.length - 4));
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(sample);
  } catch {
    return false;
  }
  return !hasControlCharacters(text);
}

async function decide(head: Uint8Array, complete: boolean, filename: string): Promise<string> {
  const type = await fileTypeFromBuffer(head);
  if (type) {
    if (allowed.has(type.mime)) return type.mime;
    throw unsupportedType(type.mime);
  }
  if (looksLikeText(head, complete)) return /\.csv$/i.test(filename) ? 'text/csv' : 'text/plain';
  throw unsupportedType('inconnu');
}

/**
 * Passes a stream through unchanged once its first bytes show an accepted type (by content, never by name or the
 * sender's claim), which it writes into `result.mime`; fails with 415 before storing anything otherwise.
 */
export async function* detectAttachmentType(
  source: AsyncIterable<Uint8Array>,
  filename: string,
  result: { mime: string },
): AsyncGenerator<Uint8Array> {
  const head: Uint8Array[] = [];
  let headBytes = 0;
  let decided = false;
  for await (const chunk of source) {
    if (decided) {
      yield chunk;
      continue;
    }
    head.push(chunk);
    headBytes += chunk.length;
    if (headBytes >= SNIFF_BYTES) {
      result.mime = await decide(Buffer.concat(head), false, filename);
      decided = true;
      yield* head;
    }
  }
  if (!decided) {
    result.mime = await decide(Buffer.concat(head), true, filename);
    yield* head;
  }
}
