/** Memory of this process while a phase runs: sampled every 10 ms (the heap, and the resident set). */
export type MemoryUse = {
  rss_start_mb: number;
  rss_peak_mb: number;
  heap_start_mb: number;
  heap_peak_mb: number;
  /** The heap still in use after a full collection, at its highest (sampled every 5 s): what the work keeps. */
  retained_peak_mb: number;
};

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export async function withMemory<T>(
  work: () => Promise<T>,
): Promise<{ value: T; ms: number; memory: MemoryUse }> {
  globalThis.gc?.();
  const start = process.memoryUsage();
  let rssPeak = start.rss;
  let heapPeak = start.heapUsed;
  const sample = () => {
    const now = process.memoryUsage();
    rssPeak = Math.max(rssPeak, now.rss);
    heapPeak = Math.max(heapPeak, now.heapUsed);
  };
  let retainedPeak = start.heapUsed;
  const timer = setInterval(sample, 10);
  const collector = setInterval(() => {
    globalThis.gc?.();
    retainedPeak = Math.max(retainedPeak, process.memoryUsage().heapUsed);
  }, 5000);
  const began = performance.now();
  try {
    const value = await work();
    sample();
    return {
      value,
      ms: Math.round(performance.now() - began),
      memory: {
        rss_start_mb: mb(start.rss),
        rss_peak_mb: mb(rssPeak),
        heap_start_mb: mb(start.heapUsed),
        heap_peak_mb: mb(heapPeak),
        retained_peak_mb: mb(retainedPeak),
      },
    };
  } finally {
    clearInterval(timer);
    clearInterval(collector);
  }
}
