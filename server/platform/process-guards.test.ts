import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const guards = fileURLToPath(new URL('./process-guards.ts', import.meta.url));

/** Runs a script in a Node process of its own: what happens to that process is what is under test. */
function runNode(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', script],
      { timeout: 10_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('process guards', () => {
  it('logs a promise rejection nobody handled and keeps the process running', async () => {
    const result = await runNode(`
      import { logUnhandledRejections } from ${JSON.stringify(guards)};
      logUnhandledRejections((reason) => console.error('logged:', reason.message));
      Promise.reject(new Error('database blip'));
      setTimeout(() => console.log('still serving'), 100);
    `);
    expect(result.stderr).toContain('logged: database blip');
    expect(result.stdout).toContain('still serving');
    expect(result.code).toBe(0);
  });

  it('survives a logger that throws', async () => {
    const result = await runNode(`
      import { logUnhandledRejections } from ${JSON.stringify(guards)};
      logUnhandledRejections(() => { throw new Error('logger down'); });
      Promise.reject(new Error('database blip'));
      setTimeout(() => console.log('still serving'), 100);
    `);
    expect(result.stdout).toContain('still serving');
    expect(result.code).toBe(0);
  });
});
