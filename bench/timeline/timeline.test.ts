import { describe, expect, it } from 'vitest';
import type { DiskSample } from './disk-flush.ts';
import type { PgSample } from './pg-activity.ts';
import type { RuntimeSample } from './runtime-probe.ts';
import { STALL_P99_MS, Timeline } from './timeline.ts';

const quiet: Omit<RuntimeSample, 'at'> = {
  loopP99Ms: 1,
  loopMaxMs: 2,
  gcCount: 0,
  gcTotalMs: 0,
  gcMaxMs: 0,
  gcMajor: 0,
  poolWaits: 0,
  poolWaitMaxMs: 0,
  heapUsedMb: 60,
  cpuMs: 300,
  coreWaitMs: 20,
};

const idle: Omit<PgSample, 'at'> = {
  checkpointsDone: 0,
  checkpointWriting: false,
  walMb: 0,
  autovacuum: [],
  autovacuumDone: [],
  jobs: [],
  waits: [],
};

/**
 * A timeline whose second 0 holds one slow operation, and the server's, PostgreSQL's and (if given) the disk probe's
 * windows of that second.
 */
function slowSecond(
  server: Partial<RuntimeSample>,
  database: Partial<PgSample> = {},
  disk?: Omit<DiskSample, 'at'>,
) {
  const timeline = new Timeline();
  const startedAt = performance.now();
  const windowEnd = performance.timeOrigin + startedAt + 900;
  timeline.recordSent(startedAt);
  timeline.recordLatency(startedAt, STALL_P99_MS * 3);
  timeline.recordRuntime({ ...quiet, ...server, at: windowEnd });
  timeline.recordDatabase({ ...idle, ...database, at: windowEnd });
  if (disk) timeline.recordDisk({ ...disk, at: windowEnd });
  return timeline.rows()[0]!;
}

describe('the benchmark timeline', () => {
  it('names checkouts that waited for a database connection as the cause of a slow second', () => {
    const row = slowSecond({ poolWaits: 12, poolWaitMaxMs: 48.5 });
    expect(row.cause).toBe('12 checkouts waited for a connection (longest 48.5 ms)');
  });

  it('names what the product’s statements waited on in a slow second, running ones aside', () => {
    const row = slowSecond(
      {},
      {
        waits: [
          ['CPU', 40],
          ['IO:WALSync', 6],
          ['Lock:transactionid', 2],
        ],
      },
    );
    expect(row.cause).toBe('statements waiting on IO:WALSync ×6, Lock:transactionid ×2');
  });

  it('names a disk flush that took 10 ms or more as the cause of a slow second, before what statements waited on', () => {
    const row = slowSecond({}, { waits: [['IO:WalSync', 9]] }, { flushes: 12, flushMaxMs: 84.5 });
    expect(row.cause).toBe('a disk flush took 84.5 ms; statements waiting on IO:WalSync ×9');
  });

  it('does not name the disk when its flushes were quick', () => {
    const row = slowSecond({}, { waits: [['IO:WalSync', 9]] }, { flushes: 20, flushMaxMs: 0.4 });
    expect(row.cause).toBe('statements waiting on IO:WalSync ×9');
  });

  it('names a main thread that waited 100 ms or more for a core as the cause of a slow second', () => {
    expect(slowSecond({ coreWaitMs: 184.4 }).cause).toBe('main thread waited 184 ms for a core');
  });

  it('does not name a short wait for a core, and shows the server’s CPU and wait in the row', () => {
    const row = slowSecond({ cpuMs: 312.4, coreWaitMs: 40 });
    expect(row).toMatchObject({ cause: 'unexplained', cpu_ms: 312, core_wait_ms: 40 });
  });

  it('averages CPU a second over the sampled seconds, the load generator’s processes added together', () => {
    const timeline = new Timeline();
    const windowEnd = (second: number) => performance.timeOrigin + performance.now() + 900 + second * 1000;
    timeline.recordRuntime({ ...quiet, cpuMs: 300, coreWaitMs: 100, at: windowEnd(0) });
    timeline.recordRuntime({ ...quiet, cpuMs: 500, coreWaitMs: 200, at: windowEnd(1) });
    for (const second of [0, 1]) {
      timeline.recordRuntime({ ...quiet, cpuMs: 100, coreWaitMs: 30, at: windowEnd(second) }, 'generator');
      timeline.recordRuntime({ ...quiet, cpuMs: 150, coreWaitMs: null, at: windowEnd(second) }, 'generator');
    }
    expect(timeline.cpuPerSecond()).toEqual({
      server: { cpuMs: 400, coreWaitMs: 150 },
      generator: { cpuMs: 250, coreWaitMs: null },
    });
  });

  it('leaves a slow second unexplained when checkouts waited only briefly and statements only ran', () => {
    expect(slowSecond({ poolWaits: 3, poolWaitMaxMs: 2 }, { waits: [['CPU', 12]] }).cause).toBe(
      'unexplained',
    );
  });
});
