import { describe, expect, it } from 'vitest';
import { bucketOf, LatencyHistogram } from './latency-histogram.ts';

const histogramOf = (values: number[], status = 200) => {
  const h = new LatencyHistogram();
  for (const v of values) h.record(v, status);
  return h;
};
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('LatencyHistogram percentiles', () => {
  // [inputs, quantile, exact nearest-rank answer]; estimates stay within the bucket's 19 % width, about 10 % off.
  const cases: [string, number[], number, number][] = [
    ['one value', [42], 0.5, 42],
    ['a constant', Array(1000).fill(12.5), 0.99, 12.5],
    ['1..1000 ms, median', range(1, 1000), 0.5, 500],
    ['1..1000 ms, p95', range(1, 1000), 0.95, 950],
    ['1..1000 ms, p99', range(1, 1000), 0.99, 990],
    ['99 fast and one slow, p99', [...Array(99).fill(2), 800], 0.99, 2],
    ['98 fast and two slow, p99', [...Array(98).fill(2), 800, 800], 0.99, 800],
    ['beyond the last bound, the slowest', [150_000, 300_000], 1, 300_000],
  ];

  it.each(cases)('%s', (_, values, q, exact) => {
    const estimate = histogramOf(values).percentile(q)!;
    expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(0.1);
  });

  it('answers within the first bucket (0.25 ms) for faster requests', () => {
    const h = histogramOf(range(1, 100).map((v) => v / 1000));
    expect(h.percentile(0.5)).toBeLessThanOrEqual(0.25);
  });

  it('is null when nothing was recorded', () => {
    expect(new LatencyHistogram().percentile(0.5)).toBeNull();
  });

  it('never answers outside the smallest and largest values seen', () => {
    const h = histogramOf([10, 11, 12]);
    expect(h.percentile(0.01)).toBeGreaterThanOrEqual(10);
    expect(h.percentile(1)).toBeLessThanOrEqual(12);
  });
});

describe('bucketOf', () => {
  it.each([
    [0, 0],
    [0.25, 0],
    [0.2501, 1],
    [0.25 * 2 ** 0.25, 1],
    [0.5, 4],
    [1, 8],
    [1_000_000, 76],
  ])('puts %d ms in bucket %d (upper bounds included)', (ms, bucket) => {
    expect(bucketOf(ms)).toBe(bucket);
  });
});

describe('LatencyHistogram counts', () => {
  it('counts 4xx and 5xx answers apart', () => {
    const h = new LatencyHistogram();
    h.record(5, 200);
    h.record(5, 404);
    h.record(5, 503);
    h.record(5, 500);
    expect({ count: h.count, clientErrors: h.clientErrors, serverErrors: h.serverErrors }).toEqual({
      count: 4,
      clientErrors: 1,
      serverErrors: 2,
    });
  });

  it('adds up to the histogram of all the values', () => {
    const sum = histogramOf(range(1, 500));
    sum.add(histogramOf(range(501, 1000)));
    expect(sum.percentile(0.95)).toBe(histogramOf(range(1, 1000)).percentile(0.95));
    expect(sum.totalMs).toBe(500_500);
  });

  it('is empty again once reset', () => {
    const h = histogramOf([1, 2, 3], 500);
    h.reset();
    expect([h.count, h.serverErrors, h.percentile(0.5), [...h.counts].some((c) => c > 0)]).toEqual([
      0,
      0,
      null,
      false,
    ]);
  });
});
