/**
 * A fixed-size latency histogram: log-spaced buckets, each 2^(1/4) (≈ 1.19×) wider than the one before, from
 * 0.25 ms (the resolution: faster answers all fall in the first bucket) to about 2 minutes, plus one for
 * anything slower. Recording is an increment; a percentile is read from
 * the counts (geometric interpolation inside its bucket, so within about 10 % of the true value) and clamped to
 * the smallest and largest values seen.
 */
const FIRST_BOUND_MS = 0.25;
const GROWTH = 2 ** 0.25;
const BOUNDED_BUCKETS = 76;
/** Upper bound of each bucket but the last (which is unbounded). */
const bounds = Array.from({ length: BOUNDED_BUCKETS }, (_, i) => FIRST_BOUND_MS * 2 ** (i / 4));
const LOG_GROWTH = Math.log(GROWTH);

/** The bucket of a duration: the first whose upper bound is at least it. */
export function bucketOf(ms: number): number {
  if (!(ms > FIRST_BOUND_MS)) return 0;
  let index = Math.ceil(Math.log(ms / FIRST_BOUND_MS) / LOG_GROWTH - 1e-9);
  // Rounding of the logarithm may land one bucket off near a bound.
  if (index < BOUNDED_BUCKETS && ms > bounds[index]!) index += 1;
  else if (index > 0 && index <= BOUNDED_BUCKETS && ms <= bounds[index - 1]!) index -= 1;
  return Math.min(index, BOUNDED_BUCKETS);
}

export class LatencyHistogram {
  readonly counts = new Uint32Array(BOUNDED_BUCKETS + 1);
  count = 0;
  totalMs = 0;
  minMs = Number.POSITIVE_INFINITY;
  maxMs = 0;
  clientErrors = 0;
  serverErrors = 0;

  record(ms: number, status: number): void {
    this.counts[bucketOf(ms)]! += 1;
    this.count += 1;
    this.totalMs += ms;
    if (ms < this.minMs) this.minMs = ms;
    if (ms > this.maxMs) this.maxMs = ms;
    if (status >= 500) this.serverErrors += 1;
    else if (status >= 400) this.clientErrors += 1;
  }

  add(other: LatencyHistogram): void {
    for (let i = 0; i < other.counts.length; i += 1) this.counts[i]! += other.counts[i]!;
    this.count += other.count;
    this.totalMs += other.totalMs;
    this.minMs = Math.min(this.minMs, other.minMs);
    this.maxMs = Math.max(this.maxMs, other.maxMs);
    this.clientErrors += other.clientErrors;
    this.serverErrors += other.serverErrors;
  }

  /** Empties it for reuse (a ring slot starting a new minute keeps its arrays). */
  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.totalMs = 0;
    this.minMs = Number.POSITIVE_INFINITY;
    this.maxMs = 0;
    this.clientErrors = 0;
    this.serverErrors = 0;
  }

  /** The q-quantile (0 < q ≤ 1) by nearest rank; null when empty. */
  percentile(q: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let before = 0;
    for (let i = 0; i < this.counts.length; i += 1) {
      const inBucket = this.counts[i]!;
      if (before + inBucket >= rank) {
        const fraction = (rank - before) / inBucket;
        // Past the last bound, the only upper limit known is the largest value seen.
        const estimate =
          i === BOUNDED_BUCKETS
            ? bounds[i - 1]! + (this.maxMs - bounds[i - 1]!) * fraction
            : estimateWithin(i, fraction);
        return clamp(estimate, this.minMs, this.maxMs);
      }
      before += inBucket;
    }
    return this.maxMs;
  }
}

/** A value `fraction` of the way through bounded bucket i: linear in the first, geometric in the others. */
function estimateWithin(i: number, fraction: number): number {
  if (i === 0) return FIRST_BOUND_MS * fraction;
  const lower = bounds[i - 1]!;
  return lower * GROWTH ** fraction;
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);
