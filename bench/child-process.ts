import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { serverNodeFlags } from '../server/runtime-flags.ts';

/**
 * Forks a process of a benchmark (the app, an echo server, an S3 server) and resolves with the first IPC message it
 * sends once it is ready (its port, its settings). `app`: with BENCH_PROFILE=<dir>, the child writes a
 * CPU profile there when it stops (open it in Chrome DevTools); it runs with the server's flags
 * (server/runtime-flags.ts), and BENCH_APP_FLAGS adds more, for A/B runs of runtime settings.
 */
export function forkChild<Ready>(
  script: string,
  args: string[],
  { app = false }: { app?: boolean } = {},
): Promise<{ child: ChildProcess; ready: Ready }> {
  const profile = app ? process.env.BENCH_PROFILE : undefined;
  // The app runs with the server's own flags, then the experiment's.
  const flags = app
    ? [...serverNodeFlags, ...(process.env.BENCH_APP_FLAGS?.split(/\s+/).filter(Boolean) ?? [])]
    : [];
  const child = fork(script, args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [
      ...process.execArgv,
      ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
      ...flags,
    ],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (ready) => resolve({ child, ready: ready as Ready }));
    child.once('exit', (code) => reject(new Error(`${args[0] ?? script} exited with ${code}`)));
  });
}

/** Sends 'stop' and waits up to `graceMs` for the child to exit by itself (writing its profile), then kills it. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  const exited = once(child, 'exit');
  child.send('stop');
  await Promise.race([exited, new Promise((r) => setTimeout(r, graceMs))]);
  if (child.exitCode === null) child.kill();
}
