/**
 * The app alone in a child process of the documents benchmark (so the load generator does not share its loop), on
 * the bench database, its files in the store the parent chose: local disk under a folder, or an S3 server; with or
 * without encryption at rest. Stops on the parent's 'stop' message. BENCH_APP_LOG_LEVEL=error shows the app's errors
 * (silent otherwise); BENCH_PROFILE=<dir> writes a CPU profile of each app process there (open in Chrome DevTools).
 */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Config, StorageConfig } from '../server/config.ts';
import { forkChild } from './child-process.ts';
import { serveBenchApp } from './support.ts';

export { stopChild as stopServer } from './child-process.ts';

/** What the parent sends (a Buffer does not cross the IPC channel: the master key goes as hex). */
export type BenchStore = {
  dataDir: string;
  s3?: NonNullable<StorageConfig['s3']>;
  masterKeyHex?: string;
};

const here = fileURLToPath(import.meta.url);

export async function startServer(
  url: string,
  store: BenchStore,
): Promise<{ child: ChildProcess; port: number }> {
  const { child, ready } = await forkChild<{ port: number }>(here, ['--serve', url, JSON.stringify(store)], {
    app: true,
  });
  return { child, port: ready.port };
}

if (process.argv[2] === '--serve') {
  const store = JSON.parse(process.argv[4]!) as BenchStore;
  const masterKey = store.masterKeyHex ? Buffer.from(store.masterKeyHex, 'hex') : undefined;
  const { port } = await serveBenchApp(process.argv[3]!, {
    logLevel: (process.env.BENCH_APP_LOG_LEVEL ?? 'silent') as Config['logLevel'],
    dataDir: store.dataDir,
    storage: { dataDir: store.dataDir, s3: store.s3, masterKey, encrypt: masterKey !== undefined },
  });
  process.send?.({ port });
}
