/**
 * Files users send: their type told by their content, their name made safe to show and to serve. Shared by the
 * modules that accept uploads (messaging attachments, documents).
 */
import { fileTypeFromBuffer } from 'file-type';
import { hasControlCharacters } from '../../common/text.ts';
import { AppError } from './errors.ts';

/** Bytes looked at before deciding a file's type (Office documents name their parts early in the zip). */
const SNIFF_BYTES = 64 * 1024;

const unsupportedType = (what: string) =>
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

async function decide(
  head: Uint8Array,
  complete: boolean,
  filename: string,
  allowed: readonly string[],
): Promise<string> {
  const type = await fileTypeFromBuffer(head);
  if (type) {
    if (allowed.includes(type.mime)) return type.mime;
    throw unsupportedType(type.mime);
  }
  if (looksLikeText(head, complete)) return /\.csv$/i.test(filename) ? 'text/csv' : 'text/plain';
  throw unsupportedType('inconnu');
}

/**
 * Passes a stream through unchanged once its first bytes show a type among `allowed` (by content, never by name or
 * the sender's claim), which it writes into `result.mime`; fails with 415 before storing anything otherwise. Text
 * without magic bytes is text/csv when its name says so, text/plain otherwise.
 */
export async function* detectFileType(
  source: AsyncIterable<Uint8Array>,
  filename: string,
  result: { mime: string },
  allowed: readonly string[],
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
      result.mime = await decide(Buffer.concat(head), false, filename, allowed);
      decided = true;
      yield* head;
    }
  }
  if (!decided) {
    result.mime = await decide(Buffer.concat(head), true, filename, allowed);
    yield* head;
  }
}

/**
 * A name safe to show and to put in a Content-Disposition header: no path, no control characters, and no invisible
 * formatting characters either (a right-to-left override makes `facture\u202Efdp.exe` read as `factureexe.pdf`;
 * zero-width characters make look-alikes).
 */
export function sanitizeFilename(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const clean = base
    .replace(/\p{Cf}/gu, '')
    .normalize('NFC')
    .split('')
    .filter((ch) => ch !== '"' && !hasControlCharacters(ch, false))
    .join('')
    .trim()
    .slice(0, 200);
  return clean && clean !== '.' && clean !== '..' ? clean : 'fichier';
}
