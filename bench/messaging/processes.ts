import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { forkChild } from '../child-process.ts';

export { stopChild } from '../child-process.ts';

/** The child modes (the app, or the raw ws echo) run from child.ts beside this file. */
const childScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'child.ts');

/** BENCH_PROFILE=<dir>: CPU profile of the app process. */
export async function startChild(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const { child, ready } = await forkChild<{ port: number }>(childScript, args, {
    app: args[0] === '--serve',
  });
  return { child, port: ready.port };
}
