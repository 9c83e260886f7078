import type { Readable } from 'node:stream';
import type { Config } from '../../config.ts';
import { AppError } from '../../platform/errors.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { hasTextExtractor } from './extractable-types.ts';
import { extractionRepo } from './extraction.repo.ts';
import { type ExtractionOutcome, ExtractionWorker } from './extraction.worker.ts';

export type ExtractionDeps = Pick<Platform, 'db' | 'clock' | 'storage'> & {
  config: Pick<Config, 'documentMaxBytes' | 'ocr'>;
};

/** One document's extraction, OCR included, stops after this long and is recorded as failed. */
export const EXTRACTION_TIME_LIMIT_MS = 3 * 60_000;
/** A version still pending this long after its upload has lost its job (a crash): the sweep sends it again. */
export const STALE_EXTRACTION_MS = 10 * 60_000;
/** Versions the sweep sends at most per run. */
const SWEEP_BATCH = 500;

/** The text inside each uploaded version, extracted in the background for search. */
export class ExtractionService extends Service<ExtractionDeps> {
  private readonly worker = new ExtractionWorker();

  /**
   * Extracts a version's text and records it, with the version's status: 'done', 'failed' (the error kept) or
   * 'not_extracted' (no extractor, or a scan without OCR). A version already extracted or gone is left alone.
   * Throws only what may pass (storage unreachable, database, `signal` aborted when the job runner stops) so that the
   * job is retried; on the `lastAttempt` even that is recorded as a failure.
   */
  async extract(versionId: string, run: { signal?: AbortSignal; lastAttempt: boolean }): Promise<void> {
    const { db, clock } = this.deps;
    const version = await extractionRepo.pending(db, versionId);
    if (!version) return;
    const outcome = await this.outcomeOf(version, run);
    await db.transaction().execute((trx) => extractionRepo.save(trx, version, outcome, clock.now()));
  }

  private async outcomeOf(
    version: { storageKey: string; mimeType: string; sizeBytes: string | number },
    run: { signal?: AbortSignal; lastAttempt: boolean },
  ): Promise<ExtractionOutcome> {
    const { storage, config } = this.deps;
    const tooLarge = { status: 'failed', error: 'larger than DOCUMENT_MAX_BYTES' } as const;
    if (Number(version.sizeBytes) > config.documentMaxBytes) return tooLarge;
    // Not read at all when nothing could come of it (a HEIC photo).
    if (!hasTextExtractor(version.mimeType)) {
      return { status: 'not_extracted', reason: `no text extractor for ${version.mimeType}` };
    }
    let bytes: Uint8Array | null;
    try {
      bytes = await readAll((await storage.get(version.storageKey)).stream, config.documentMaxBytes);
    } catch (error) {
      const missing = error instanceof AppError && error.status === 404;
      if (!missing && !run.lastAttempt) throw error;
      return { status: 'failed', error: `file unreadable: ${(error as Error).message}` };
    }
    if (!bytes) return tooLarge;
    return this.worker.extract(
      { bytes, mimeType: version.mimeType, ocr: config.ocr },
      { timeLimitMs: EXTRACTION_TIME_LIMIT_MS, signal: run.signal },
    );
  }

  /** The versions whose extraction should have happened by now, claimed for the sweep to send again. */
  claimStale(): Promise<string[]> {
    const now = this.deps.clock.now();
    return extractionRepo.claimStale(
      this.deps.db,
      new Date(now.getTime() - STALE_EXTRACTION_MS),
      now,
      SWEEP_BATCH,
    );
  }
}

/**
 * The whole stream in one buffer of its own (the PDF and Office parsers need the bytes); null past `maxBytes`, read no
 * further.
 */
async function readAll(stream: Readable, maxBytes: number): Promise<Uint8Array | null> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > maxBytes) {
      stream.destroy();
      return null;
    }
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}
