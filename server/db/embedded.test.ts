/** The embedded PostgreSQL: one server per data directory, sized to the machine, and a start that says what failed. */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './embedded.ts';

const serverProcess = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../tests/support/postgres-process.ts',
);

async function selectOne(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one;
  } finally {
    await client.end();
  }
}

/** The server's settings `names`, by name, as `pg_settings` gives them. */
async function settingsOf(url: string, names: string[]) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string; setting: string; unit: string | null }>(
      'SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1) ORDER BY name',
      [names],
    );
    return rows;
  } finally {
    await client.end();
  }
}

describe('startEmbeddedPostgres', () => {
  let dir: string;
  let first: EmbeddedDatabase;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ft-lock-'));
    first = await startEmbeddedPostgres(dir);
  });
  afterAll(async () => {
    await first.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a second server on the same data directory', async () => {
    await expect(startEmbeddedPostgres(dir)).rejects.toThrow(/already used by process/);
  });

  it('sizes the server to the machine: a quarter of the RAM for buffers, between 128 MB and 1 GB; no JIT', async () => {
    const expectedMb = Math.round(Math.min(1024, Math.max(128, os.totalmem() / 4 / 1024 / 1024)));
    expect(await settingsOf(first.url, ['jit', 'shared_buffers'])).toEqual([
      { name: 'jit', setting: 'off', unit: null },
      { name: 'shared_buffers', setting: String(expectedMb * 128), unit: '8kB' },
    ]);
  });

  it('keeps up to 1 GB of WAL segments for reuse, so that a burst of writes does not wait on new files', async () => {
    expect(await settingsOf(first.url, ['min_wal_size'])).toEqual([
      { name: 'min_wal_size', setting: '1024', unit: 'MB' },
    ]);
  });
});

describe('a start after a process that did not stop its server', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ft-orphan-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stops the server the killed process left running, then starts its own', async () => {
    const owner = fork(serverProcess, [dir, '0'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const [ready] = (await once(owner, 'message')) as [{ url: string }];
    owner.kill('SIGKILL');
    await once(owner, 'exit');
    expect(await selectOne(ready.url)).toBe(1);

    // Named as another process may name it: relative to where it runs.
    const again = await startEmbeddedPostgres(path.relative(process.cwd(), dir));
    try {
      expect(await selectOne(again.url)).toBe(1);
      await expect(selectOne(ready.url)).rejects.toThrow();
    } finally {
      await again.stop();
    }
  }, 60_000);
});

describe('a start that fails', () => {
  let dir: string;
  let taken: net.Server;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ft-port-'));
    taken = net.createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
  });
  afterAll(async () => {
    taken.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('says what PostgreSQL said, and frees the data directory', async () => {
    const { port } = taken.address() as net.AddressInfo;
    await expect(startEmbeddedPostgres(dir, { port })).rejects.toThrow(/did not start[\s\S]*could not bind/);
    await expect(startEmbeddedPostgres(dir, { port })).rejects.toThrow(/did not start/);
  }, 60_000);
});
