/** Memory of this process while a phase runs: sampled every 10 ms (the heap, and the resident set). */
export type MemoryUse = {
  rss_start_mb: number;
  rss_peak_mb: number;
  heap_start_mb: number;
  heap_peak_mb: number;
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
  const timer = setInterval(sample, 10);
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
      },
    };
  } finally {
    clearInterval(timer);
  }
}
