import { type ChildProcess, spawn } from 'node:child_process';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { type RuntimeSample, startRuntimeProbe, threadCoreWaitNs } from './runtime-probe.ts';

/** Keeps this thread on a core for `ms`, letting the event loop turn every 20 ms (the probe's timer runs then). */
async function spin(ms: number) {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const slice = performance.now() + 20;
    while (performance.now() < slice) {}
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('the runtime probe', () => {
  it('reports the CPU the process used and, with more busy threads than cores, its main thread’s wait for one', async () => {
    const busy: ChildProcess[] = Array.from({ length: os.availableParallelism() + 1 }, () =>
      spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }),
    );
    const samples: RuntimeSample[] = [];
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const stop = startRuntimeProbe((sample) => samples.push(sample), undefined, 100);
      await spin(800);
      stop();
    } finally {
      for (const child of busy) child.kill();
    }
    expect(samples.length).toBeGreaterThanOrEqual(3);
    const total = (pick: (s: RuntimeSample) => number) => samples.reduce((n, s) => n + pick(s), 0);
    // Spinning 800 ms beside as many busy processes as cores, and one more (and the other test files' workers).
    expect(total((s) => s.cpuMs)).toBeGreaterThan(50);
    if (threadCoreWaitNs() === null) {
      for (const sample of samples) expect(sample.coreWaitMs).toBeNull();
    } else {
      expect(total((s) => s.coreWaitMs!)).toBeGreaterThan(50);
    }
  });
});
