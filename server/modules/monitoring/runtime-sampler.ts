import { monitorEventLoopDelay } from 'node:perf_hooks';

const NS_PER_MS = 1e6;
const MINUTE_MS = 60_000;

type Delay = { p50Ms: number; p99Ms: number; maxMs: number };

/**
 * This process's event-loop delay, sampled every 10 ms, reported over the last full minute (or since start in the
 * first minute). Real time on purpose: the delay is the process's, whatever clock the app is given.
 */
export class RuntimeSampler {
  private readonly histogram = monitorEventLoopDelay({ resolution: 10 });
  private lastMinute: Delay | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    this.histogram.enable();
    this.timer = setInterval(() => {
      this.lastMinute = this.read();
      this.histogram.reset();
    }, MINUTE_MS).unref();
  }

  eventLoopDelay(): Delay {
    return this.lastMinute ?? this.read();
  }

  memory() {
    const { rss, heapUsed, heapTotal } = process.memoryUsage();
    return { rssBytes: rss, heapUsedBytes: heapUsed, heapTotalBytes: heapTotal };
  }

  close(): void {
    clearInterval(this.timer);
    this.histogram.disable();
  }

  private read(): Delay {
    // Before its first sample the histogram reads max 0 and percentiles 0 (min reads a huge sentinel).
    const h = this.histogram;
    return {
      p50Ms: h.percentile(50) / NS_PER_MS,
      p99Ms: h.percentile(99) / NS_PER_MS,
      maxMs: h.max / NS_PER_MS,
    };
  }
}
