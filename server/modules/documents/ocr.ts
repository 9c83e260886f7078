import { spawn } from 'node:child_process';

export type OcrOptions = { tesseractPath: string; languages: string };

/** The Tesseract binary is not there: scanned files stay "text not extracted". */
export class OcrUnavailableError extends Error {}

/** What Tesseract may write before it is stopped (a page of text is a few kilobytes). */
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

/**
 * The text Tesseract reads in a picture (PNG, JPEG, WebP, PNM…), given on its standard input. One thread per run
 * (OMP_THREAD_LIMIT): extraction shares the machine with the requests. Killed once `timeoutMs` have passed.
 */
export function ocrImage(image: Uint8Array, options: OcrOptions, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.tesseractPath, ['stdin', 'stdout', '-l', options.languages, '--psm', '3'], {
      env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: Math.max(1, timeoutMs),
      killSignal: 'SIGKILL',
    });
    const out: Buffer[] = [];
    let outBytes = 0;
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > MAX_OUTPUT_BYTES) child.kill('SIGKILL');
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      errors = (errors + chunk.toString('utf8')).slice(-2000);
    });
    // Tesseract may exit before reading everything (an unreadable picture): its exit code tells what happened.
    child.stdin.on('error', () => {});
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new OcrUnavailableError(`${options.tesseractPath} not found`) : error);
    });
    child.on('close', (code, signal) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else if (signal) reject(new Error(`tesseract stopped (${signal}): time limit or too much output`));
      else reject(new Error(`tesseract failed (${code}): ${errors.trim().split('\n').at(-1) ?? ''}`));
    });
    child.stdin.end(image);
  });
}
