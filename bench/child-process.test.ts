import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverNodeFlags } from '../server/runtime-flags.ts';
import { forkChild, stopChild } from './child-process.ts';

const benchDir = path.dirname(fileURLToPath(import.meta.url));

describe('a benchmark’s app process', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ft-fork-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('runs with the server’s Node flags, then those of BENCH_APP_FLAGS', async () => {
    const script = path.join(dir, 'flags.mjs');
    await writeFile(
      script,
      "process.send(process.execArgv); process.on('message', (m) => m === 'stop' && process.exit(0));",
    );
    const saved = process.env.BENCH_APP_FLAGS;
    process.env.BENCH_APP_FLAGS = '--trace-gc-nvp';
    try {
      const { child, ready } = await forkChild<string[]>(script, [], { app: true });
      await stopChild(child);
      expect(ready.slice(-serverNodeFlags.length - 1)).toEqual([...serverNodeFlags, '--trace-gc-nvp']);
    } finally {
      if (saved === undefined) delete process.env.BENCH_APP_FLAGS;
      else process.env.BENCH_APP_FLAGS = saved;
    }
  });

  it('is started through forkChild by every benchmark (only the load generators are forked otherwise)', async () => {
    const files = (await readdir(benchDir, { recursive: true })).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('.data'),
    );
    const forking = [];
    for (const file of files) {
      const source = await readFile(path.join(benchDir, file), 'utf8');
      if (/import \{[^}]*\bfork\b[^}]*\} from 'node:child_process'/.test(source)) forking.push(file);
    }
    expect(forking.sort()).toEqual(['child-process.ts', path.join('messaging', 'live.ts')]);
  });
});
