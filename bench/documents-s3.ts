/**
 * The S3-protocol server of the upload measurements (s3rver, tests/support/s3-server.ts) in a child process of its
 * own, so that it does not share the load generator's loop; its objects are removed when it stops.
 */
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { StorageConfig } from '../server/config.ts';
import { s3Settings, startS3Server } from '../tests/support/s3-server.ts';
import { forkChild } from './child-process.ts';

export { stopChild as stopS3Child } from './child-process.ts';

type S3Settings = NonNullable<StorageConfig['s3']>;

const here = fileURLToPath(import.meta.url);

export async function startS3Child(): Promise<{ child: ChildProcess; settings: S3Settings }> {
  const { child, ready } = await forkChild<{ settings: S3Settings }>(here, ['--serve']);
  return { child, settings: ready.settings };
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
