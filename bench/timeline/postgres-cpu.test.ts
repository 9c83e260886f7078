import { access } from 'node:fs/promises';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { cpuBetween, postgresCpuReader } from './postgres-cpu.ts';

describe('PostgreSQL’s CPU time', () => {
  it('counts the CPU a statement takes on the test server when it runs on this machine, and reads nothing else', async () => {
    const url = inject('serverUrl');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const onThisMachine = await access(`/proc/${rows[0]!.pid}`).then(
        () => true,
        () => false,
      );
      const read = await postgresCpuReader(url);
      if (!onThisMachine) {
        expect(read).toBeNull();
        return;
      }
      expect(read).not.toBeNull();
      const before = await read!();
      await client.query('SELECT count(*) FROM generate_series(1, 3000000)');
      const used = cpuBetween(before, await read!());
      expect(used.cpuMs).toBeGreaterThan(50);
      expect(used.coreWaitMs).toBeGreaterThanOrEqual(0);
    } finally {
      await client.end();
    }
  });

  it('counts a process started between two readings whole, and not one that ended', () => {
    const before = new Map([
      [10, { cpuMs: 100, coreWaitMs: 5 }],
      [11, { cpuMs: 400, coreWaitMs: 9 }],
    ]);
    const after = new Map([
      [10, { cpuMs: 160, coreWaitMs: 8 }],
      [12, { cpuMs: 25, coreWaitMs: 1 }],
    ]);
    expect(cpuBetween(before, after)).toEqual({ cpuMs: 85, coreWaitMs: 4 });
  });
});
