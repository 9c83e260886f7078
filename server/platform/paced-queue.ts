/**
 * Background upkeep that must never crowd out the requests: tasks run one at a time, at least `gapMs` apart, so a
 * burst of them (every expert of a busy minute) spreads over time instead of taking the database's cores at once.
 * A key already waiting is not queued again: its task will run, and sees the latest data when it does.
 */
export class PacedQueue {
  private readonly waiting = new Map<string, () => Promise<void>>();
  private running: Promise<void> | null = null;
  private lastEndedAt = Number.NEGATIVE_INFINITY;
  private closed = false;
  private readonly gapMs: number;
  private readonly onError: (error: unknown, key: string) => void;

  constructor(options: { gapMs: number; onError: (error: unknown, key: string) => void }) {
    this.gapMs = options.gapMs;
    this.onError = options.onError;
  }

  push(key: string, task: () => Promise<void>): void {
    if (this.closed || this.waiting.has(key)) return;
    this.waiting.set(key, task);
    this.running ??= this.drain();
  }

  /** Resolves once nothing waits or runs (tests; shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Drops what waits and lets the running task finish. */
  async close(): Promise<void> {
    this.closed = true;
    this.waiting.clear();
    await this.idle();
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.size > 0 && !this.closed) {
        // Checked again after each timer: timers count from the event loop's cached clock and may fire early.
        for (let wait = this.untilNext(); wait > 0; wait = this.untilNext()) {
          await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)).unref());
        }
        const next = this.take();
        if (!next || this.closed) return;
        const [key, task] = next;
        await task().catch((error) => this.onError(error, key));
        this.lastEndedAt = performance.now();
      }
    } finally {
      this.running = null;
    }
  }

  private untilNext(): number {
    return this.lastEndedAt + this.gapMs - performance.now();
  }

  private take(): [string, () => Promise<void>] | undefined {
    const first = this.waiting.entries().next();
    if (first.done) return undefined;
    this.waiting.delete(first.value[0]);
    return first.value;
  }
}
