import { readFileSync } from 'node:fs';
import { constants, monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';

/** What one process's runtime did during one window: event-loop delay and garbage-collection pauses. */
export type RuntimeSample = {
  /** End of the window, wall-clock milliseconds (comparable across processes of the machine). */
  at: number;
  loopP99Ms: number;
  loopMaxMs: number;
  gcCount: number;
  gcTotalMs: number;
  gcMaxMs: number;
  /** Mark-sweep-compact pauses (the long ones), among gcCount. */
  gcMajor: number;
  /** Database checkouts that waited 1 ms or more for a pooled connection (a server's, given its pool). */
  poolWaits: number;
  poolWaitMaxMs: number;
  /** The JavaScript heap in use at the window's end (garbage not yet collected included). */
  heapUsedMb: number;
  /** CPU time the process used in the window, all its threads (JavaScript, GC helpers, libuv), in ms. */
  cpuMs: number;
  /**
   * How long the main thread was ready to run but waited for a core, in ms: the machine's cores busy with other
   * processes (Linux's scheduler statistics; null where they cannot be read).
   */
  coreWaitMs: number | null;
};

/**
 * A thread's or process's scheduler statistics (Linux's /proc/…/schedstat: time on a core, time waiting for one,
 * both ns, then timeslices), or null if the text is not that.
 */
export function parseSchedstat(text: string): { onCoreNs: number; waitNs: number } | null {
  const [onCoreNs, waitNs] = text.split(' ').map(Number);
  return Number.isFinite(onCoreNs) && Number.isFinite(waitNs)
    ? { onCoreNs: onCoreNs!, waitNs: waitNs! }
    : null;
}

/** The calling thread's time spent waiting in the scheduler's run queue, in ns (Linux), or null. */
export function threadCoreWaitNs(): number | null {
  try {
    return parseSchedstat(readFileSync('/proc/thread-self/schedstat', 'latin1'))?.waitNs ?? null;
  } catch {
    return null;
  }
}

/** What the probe needs of a pool: to be told each checkout's wait (TimedPool). */
type AcquireTimings = { onAcquired(listener: (waitMs: number) => void): void };

const wallNow = () => performance.timeOrigin + performance.now();

/**
 * Samples this process's event-loop delay (1 ms resolution), GC pauses, CPU time, its main thread's wait for a core
 * and, given its database pool, the checkouts that waited for a connection, every `intervalMs`, handing each window
 * to `report`. Runs in the measured server, so it stays cheap: one histogram and one observer, no allocation per
 * event-loop turn, one small read of /proc per window.
 */
export function startRuntimeProbe(
  report: (sample: RuntimeSample) => void,
  pool?: AcquireTimings,
  intervalMs = 1000,
): () => void {
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  let gc = { count: 0, totalMs: 0, maxMs: 0, major: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count++;
      gc.totalMs += entry.duration;
      gc.maxMs = Math.max(gc.maxMs, entry.duration);
      const { detail } = entry as PerformanceEntry & { detail?: { kind?: number } };
      if (detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) gc.major++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  let poolWaits = { count: 0, maxMs: 0 };
  let cpu = process.cpuUsage();
  // Read on the main thread (the timer's), whose delays are the event loop's.
  let coreWaitNs = threadCoreWaitNs();
  pool?.onAcquired((waitMs) => {
    if (waitMs < 1) return;
    poolWaits.count++;
    poolWaits.maxMs = Math.max(poolWaits.maxMs, waitMs);
  });
  const timer = setInterval(() => {
    const cpuNow = process.cpuUsage();
    const coreWaitNow = coreWaitNs === null ? null : threadCoreWaitNs();
    report({
      at: wallNow(),
      loopP99Ms: loop.count ? loop.percentile(99) / 1e6 : 0,
      loopMaxMs: loop.count ? loop.max / 1e6 : 0,
      gcCount: gc.count,
      gcTotalMs: gc.totalMs,
      gcMaxMs: gc.maxMs,
      gcMajor: gc.major,
      poolWaits: poolWaits.count,
      poolWaitMaxMs: poolWaits.maxMs,
      heapUsedMb: getHeapStatistics().used_heap_size / 2 ** 20,
      cpuMs: (cpuNow.user - cpu.user + cpuNow.system - cpu.system) / 1000,
      coreWaitMs: coreWaitNs === null || coreWaitNow === null ? null : (coreWaitNow - coreWaitNs) / 1e6,
    });
    cpu = cpuNow;
    coreWaitNs = coreWaitNow;
    loop.reset();
    gc = { count: 0, totalMs: 0, maxMs: 0, major: 0 };
    poolWaits = { count: 0, maxMs: 0 };
  }, intervalMs);
  return () => {
    clearInterval(timer);
    observer.disconnect();
    loop.disable();
  };
}
