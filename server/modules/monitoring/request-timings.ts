import type { MonitoringWindow } from '../../../common/monitoring.ts';
import type { Clock } from '../../platform/clock.ts';
import { LatencyHistogram } from './latency-histogram.ts';

/** A ring of time slots, each holding one histogram per route; a slot is emptied (not reallocated) when reused. */
class SlotRing {
  private readonly slotMs: number;
  private readonly starts: number[];
  private readonly slots: Map<string, LatencyHistogram>[];
  constructor(slotMs: number, count: number) {
    this.slotMs = slotMs;
    this.starts = Array.from({ length: count }, () => Number.NaN);
    this.slots = Array.from({ length: count }, () => new Map());
  }

  record(at: number, key: string, ms: number, status: number): void {
    const start = at - (at % this.slotMs);
    const index = (start / this.slotMs) % this.slots.length;
    const slot = this.slots[index]!;
    if (this.starts[index] !== start) {
      this.starts[index] = start;
      for (const histogram of slot.values()) histogram.reset();
    }
    let histogram = slot.get(key);
    if (!histogram) {
      histogram = new LatencyHistogram();
      slot.set(key, histogram);
    }
    histogram.record(ms, status);
  }

  /** Every route's histogram over the slots of the ring still current at `at` (the current one included). */
  merged(at: number): Map<string, LatencyHistogram> {
    const oldest = at - (at % this.slotMs) - (this.slots.length - 1) * this.slotMs;
    const merged = new Map<string, LatencyHistogram>();
    this.slots.forEach((slot, index) => {
      const start = this.starts[index]!;
      if (!(start >= oldest && start <= at)) return;
      for (const [key, histogram] of slot) {
        if (histogram.count === 0) continue;
        let sum = merged.get(key);
        if (!sum) {
          sum = new LatencyHistogram();
          merged.set(key, sum);
        }
        sum.add(histogram);
      }
    });
    return merged;
  }
}

const MINUTE = 60_000;

/**
 * This instance's request timings, per route (method and route pattern), in memory: minute slots for the last
 * hour, ten-minute slots for the last day. Memory is bounded by routes × 204 slots × one histogram (~350 bytes);
 * recording allocates only the first time a route is seen in a slot.
 */
export class RequestTimings {
  private readonly rings: Record<MonitoringWindow, SlotRing> = {
    hour: new SlotRing(MINUTE, 60),
    day: new SlotRing(10 * MINUTE, 144),
  };

  private readonly clock: Clock;
  constructor(clock: Clock) {
    this.clock = clock;
  }

  record(method: string, route: string, ms: number, status: number): void {
    const at = this.clock.now().getTime();
    const key = `${method} ${route}`;
    this.rings.hour.record(at, key, ms, status);
    this.rings.day.record(at, key, ms, status);
  }

  /** Per route over the window: `[method, route, histogram]`. */
  over(window: MonitoringWindow): { method: string; route: string; histogram: LatencyHistogram }[] {
    const merged = this.rings[window].merged(this.clock.now().getTime());
    return [...merged].map(([key, histogram]) => {
      const space = key.indexOf(' ');
      return { method: key.slice(0, space), route: key.slice(space + 1), histogram };
    });
  }
}
