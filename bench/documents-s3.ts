/**
 * The S3-protocol server of the upload measurements (s3rver, tests/support/s3-server.ts) in a child process of its
 * own, so that it does not share the load generator's loop; its objects are removed when it stops.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { StorageConfig } from '../server/config.ts';
import { s3Settings, startS3Server } from '../tests/support/s3-server.ts';

type S3Settings = NonNullable<StorageConfig['s3']>;

const here = fileURLToPath(import.meta.url);

export function startS3Child(): Promise<{ child: ChildProcess; settings: S3Settings }> {
  const child = fork(here, ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, settings: (m as { settings: S3Settings }).settings }));
    child.once('exit', (code) => reject(new Error(`the S3 server exited with ${code}`)));
  });
}

export async function stopS3Child(child: ChildProcess) {
  const exited = once(child, 'exit');
  child.send('stop');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill();
}

if (process.argv[2] === '--serve') {
  const server = await startS3Server();
  process.on('message', async (m) => {
    if (m === 'stop') {
      await server.stop();
      process.exit(0);
    }
  });
  process.send?.({ settings: s3Settings(server) });
}
