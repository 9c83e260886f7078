import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The child modes (the app, or the raw ws echo) run from child.ts beside this file. */
const childScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'child.ts');

export function startChild(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  // BENCH_PROFILE=<dir>: CPU profile of the app process, to open in Chrome DevTools.
  const profile = process.env.BENCH_PROFILE && args[0] === '--serve';
  const child = fork(childScript, args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: profile
      ? [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
      : process.execArgv,
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, port: (m as { port: number }).port }));
    child.once('exit', (code) => reject(new Error(`child ${args[0]} exited with ${code}`)));
  });
}

export async function stopChild(child: ChildProcess) {
  const exited = once(child, 'exit');
  child.send('stop');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null) child.kill();
}
