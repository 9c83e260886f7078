/**
 * Preloaded into the server process by the fault suite only (`node --expose-gc --import <this> server/main.ts`):
 * on SIGUSR2 it collects garbage and writes the process's memory figures to FAULTS_PROBE_FILE, so the suite can
 * compare memory before and after the fuzz without a route of the product exposing it.
 */
import { writeFileSync } from 'node:fs';

const target = process.env.FAULTS_PROBE_FILE;
if (target) {
  process.on('SIGUSR2', () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const { rss, heapUsed, external } = process.memoryUsage();
    writeFileSync(target, JSON.stringify({ rss, heapUsed, external, at: Date.now() }));
  });
}
