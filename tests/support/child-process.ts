import { type ChildProcess, execFile } from 'node:child_process';

/** Sends `signal` to a child still running and resolves once it has exited. */
export async function endChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/**
 * Runs an ES module's text in a Node process of its own, started with `flags`: what happens to that process is what
 * is under test. Resolves with its exit code and what it printed.
 */
export function runNodeScript(
  script: string,
  { flags = [], timeoutMs = 10_000 }: { flags?: string[]; timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...flags, '--input-type=module', '-e', script],
      { timeout: timeoutMs },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}
