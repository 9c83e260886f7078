/**
 * Text extraction off the event loop. Measured on this machine: exceljs loading a 2.9 MB workbook holds the thread
 * for 460 ms at a stretch, pdf.js up to 70 ms between pages of a 1,500-page PDF (mammoth yields more often); requests
 * must not wait behind that. Extractions run one at a time in a worker thread kept between them (starting one and
 * loading the parsers takes about 200 ms, longer than reading a small PDF), stopped when idle; a worker past an
 * extraction's time limit is terminated (a stuck parser cannot be interrupted otherwise) and a new one started for the
 * next, and running out of its heap ends the worker, not the app. This file is both the launcher and the worker's
 * entry point.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Extraction } from './extracted-text.ts';
import type { OcrOptions } from './ocr.ts';

export type ExtractionOutcome = Extraction | { status: 'failed'; error: string };

type Request = { id: number; bytes: Uint8Array; mimeType: string; ocr: OcrOptions; deadline: number };
type Reply = { id: number; outcome: ExtractionOutcome };

/** Heap of the extraction worker: a 200 MB file and what the parsers build from it. */
const WORKER_HEAP_MB = 1536;
/** An idle worker is stopped after this long (its parsers hold memory). */
const IDLE_MS = 60_000;
const ENTRY = 'documents.extraction';

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 1000);
const failed = (error: string): ExtractionOutcome => ({ status: 'failed', error });

export class ExtractionWorker {
  private worker: Worker | undefined;
  private idle: NodeJS.Timeout | undefined;
  private turn: Promise<unknown> = Promise.resolve();
  private requests = 0;

  /**
   * The text of `bytes`, once the extractions before it are done. Resolves with a failure (never rejects) when the
   * file cannot be read, the time limit passes or the worker dies; rejects only when `signal` aborts. `bytes` is
   * handed over to the worker (its buffer is detached here).
   */
  extract(
    input: { bytes: Uint8Array; mimeType: string; ocr: OcrOptions },
    limits: { timeLimitMs: number; signal?: AbortSignal },
  ): Promise<ExtractionOutcome> {
    const run = this.turn.then(() => this.run(input, limits));
    this.turn = run.catch(() => {});
    return run;
  }

  private run(
    input: { bytes: Uint8Array; mimeType: string; ocr: OcrOptions },
    { timeLimitMs, signal }: { timeLimitMs: number; signal?: AbortSignal },
  ): Promise<ExtractionOutcome> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    clearTimeout(this.idle);
    const worker = this.worker ?? this.start();
    const id = ++this.requests;
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (done: () => void, keepWorker: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (keepWorker) this.idle = setTimeout(() => this.stop(worker), IDLE_MS).unref();
        else this.stop(worker);
        done();
      };
      const onMessage = (reply: Reply) => {
        if (reply.id === id) settle(() => resolve(reply.outcome), true);
      };
      const onError = (error: unknown) =>
        settle(() => resolve(failed(`extraction worker failed: ${describe(error)}`)), false);
      const onExit = (code: number) =>
        settle(() => resolve(failed(`extraction worker exited (${code})`)), false);
      const onAbort = () => settle(() => reject(signal?.reason ?? new Error('extraction aborted')), false);
      const timer = setTimeout(
        () => settle(() => resolve(failed(`time limit of ${timeLimitMs / 1000} s reached`)), false),
        timeLimitMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      // A view on a shared buffer (Node's small Buffers share a pool) is copied: only a buffer of its own can move.
      const own = input.bytes.byteOffset === 0 && input.bytes.byteLength === input.bytes.buffer.byteLength;
      const bytes = own ? input.bytes : new Uint8Array(input.bytes);
      const request: Request = { ...input, bytes, id, deadline: Date.now() + timeLimitMs };
      worker.postMessage(request, [bytes.buffer as ArrayBuffer]);
    });
  }

  private start(): Worker {
    const worker = new Worker(new URL(import.meta.url), {
      workerData: ENTRY,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    // An idle worker does not keep the process alive; its failures are reported to the extraction running then.
    worker.unref();
    worker.on('error', () => {});
    this.worker = worker;
    return worker;
  }

  private stop(worker: Worker): void {
    if (this.worker === worker) this.worker = undefined;
    void worker.terminate();
  }
}

if (!isMainThread && workerData === ENTRY) {
  // The parsers load in the worker only: the app's thread never runs them (exceljs and mammoth alone hold 14 MB).
  // Messages that come meanwhile wait on the port.
  const { extractText } = await import('./extraction.ts');
  parentPort?.on('message', ({ id, bytes, mimeType, ocr, deadline }: Request) => {
    const reply = (outcome: ExtractionOutcome) => parentPort?.postMessage({ id, outcome } satisfies Reply);
    extractText(bytes, mimeType, ocr, deadline).then(reply, (error: unknown) =>
      reply(failed(describe(error))),
    );
  });
}
