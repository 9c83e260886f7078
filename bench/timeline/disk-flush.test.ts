import { mkdtemp, open, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
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

  it('stops reporting a wait once a flush has failed', async () => {
    const probeFile = await open(path.join(dir, 'prototype'), 'w');
    const fileHandle = Object.getPrototypeOf(probeFile);
    await probeFile.close();
    await rm(path.join(dir, 'prototype'));
    const datasync = vi.spyOn(fileHandle, 'datasync').mockRejectedValueOnce(new Error('EIO'));
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const samples: DiskSample[] = [];
    try {
      const stop = await startDiskFlushProbe(dir, (sample) => samples.push(sample), 100);
      await new Promise((resolve) => setTimeout(resolve, 350));
      await stop();
      expect(logged).toHaveBeenCalledWith('timeline: disk flush probe failed:', 'EIO');
    } finally {
      datasync.mockRestore();
      logged.mockRestore();
    }
    expect(samples.length).toBeGreaterThanOrEqual(2);
    for (const sample of samples) expect(sample).toMatchObject({ flushes: 0, flushMaxMs: 0 });
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
