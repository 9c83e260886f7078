import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runNodeScript } from '../../tests/support/child-process.ts';

const guards = fileURLToPath(new URL('./process-guards.ts', import.meta.url));

describe('process guards', () => {
  it('logs a promise rejection nobody handled and keeps the process running', async () => {
    const result = await runNodeScript(`
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
    const result = await runNodeScript(`
      import { logUnhandledRejections } from ${JSON.stringify(guards)};
      logUnhandledRejections(() => { throw new Error('logger down'); });
      Promise.reject(new Error('database blip'));
      setTimeout(() => console.log('still serving'), 100);
    `);
    expect(result.stdout).toContain('still serving');
    expect(result.code).toBe(0);
  });
});
