import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

it('a failing test fails the run, with the embedded PostgreSQL of the suite', () => {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  const run = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules', 'vitest', 'vitest.mjs'),
      'run',
      '--config',
      'tests/support/fixtures/exit-code.config.ts',
    ],
    { cwd: root, env, encoding: 'utf8', timeout: 120_000 },
  );
  expect(run.stdout + run.stderr).toMatch(/1 failed/);
  expect(run.status).toBe(1);
}, 150_000);
