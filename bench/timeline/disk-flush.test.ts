import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DiskSample, flushProbeDirectory, startDiskFlushProbe } from './disk-flush.ts';

describe('the disk flush probe', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ft-flush-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports each window’s flushes and the longest of them, then removes its file', async () => {
    const samples: DiskSample[] = [];
    const stop = await startDiskFlushProbe(dir, (sample) => samples.push(sample), 200);
    await new Promise((resolve) => setTimeout(resolve, 650));
    await stop();
    expect(samples.length).toBeGreaterThanOrEqual(2);
    // A flush every 50 ms: about four a window, but a stalled one leaves its window none, only its wait so far.
    expect(samples.reduce((n, s) => n + s.flushes, 0)).toBeGreaterThanOrEqual(samples.length);
    for (const sample of samples) expect(sample.flushMaxMs).toBeGreaterThan(0);
    expect(await readdir(dir)).toEqual([]);
  });

  it('finds nothing to probe for a server on another machine', async () => {
    expect(await flushProbeDirectory('postgres://user@db.example.org:5432/app')).toBeNull();
  });

  it('probes on the device of the server’s data, or nowhere when the data directory is not readable', async () => {
    const url = inject('serverUrl');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const dataDirectory = await client
      .query<{ dir: string }>(`SELECT current_setting('data_directory') AS dir`)
      .then(
        ({ rows }) => rows[0]!.dir,
        () => null,
      )
      .finally(() => client.end());
    const found = await flushProbeDirectory(url);
    if (dataDirectory === null) expect(found).toBeNull();
    else expect((await stat(found!)).dev).toBe((await stat(dataDirectory)).dev);
  });
});
