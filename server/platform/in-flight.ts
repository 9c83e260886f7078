/** Work under way that a shutdown waits for: each tracked promise is held until it settles. */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  /** Holds `work` until it settles; returns it. */
  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    void work.finally(() => this.running.delete(work)).catch(() => {});
    return work;
  }

  /**
   * Resolves once nothing runs (work tracked meanwhile included), or once `timeoutMs` has passed, with the number of
   * promises still running.
   */
  async settled(timeoutMs = Number.POSITIVE_INFINITY): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.running.size > 0 && Date.now() < deadline) {
      const all = Promise.allSettled([...this.running]);
      if (!Number.isFinite(timeoutMs)) {
        await all;
        continue;
      }
      let timer: NodeJS.Timeout | undefined;
      const expiry = new Promise((resolve) => {
        timer = setTimeout(resolve, deadline - Date.now());
      });
      await Promise.race([all, expiry]);
      clearTimeout(timer);
    }
    return this.running.size;
  }
}
