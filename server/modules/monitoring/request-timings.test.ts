import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.ts';
import { RequestTimings } from './request-timings.ts';

const MINUTE = 60_000;

function timings() {
  const clock = new ManualClock(new Date('2026-06-01T08:00:30Z'));
  return { clock, timings: new RequestTimings(clock) };
}
const countOf = (t: RequestTimings, window: 'hour' | 'day', route = '/api/x') =>
  t.over(window).find((r) => r.route === route)?.histogram.count ?? 0;

describe('RequestTimings windows', () => {
  it('merges every minute of the last hour per method and route', () => {
    const { clock, timings: t } = timings();
    t.record('GET', '/api/x', 10, 200);
    clock.advance(30 * MINUTE);
    t.record('GET', '/api/x', 20, 200);
    t.record('POST', '/api/x', 20, 200);
    const rows = t.over('hour').map((r) => [r.method, r.route, r.histogram.count]);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['GET', '/api/x', 2],
        ['POST', '/api/x', 1],
      ]),
    );
  });

  it('drops from the hour what is older than 60 minutes, and keeps it in the day', () => {
    const { clock, timings: t } = timings();
    t.record('GET', '/api/x', 10, 200);
    clock.advance(61 * MINUTE);
    expect([countOf(t, 'hour'), countOf(t, 'day')]).toEqual([0, 1]);
  });

  it('drops from the day what is older than 24 hours', () => {
    const { clock, timings: t } = timings();
    t.record('GET', '/api/x', 10, 200);
    clock.advance(24 * 60 * MINUTE + 10 * MINUTE);
    expect(countOf(t, 'day')).toBe(0);
  });

  it('starts a reused slot empty, a day later', () => {
    const { clock, timings: t } = timings();
    t.record('GET', '/api/x', 10, 200);
    clock.advance(24 * 60 * MINUTE);
    t.record('GET', '/api/x', 10, 200);
    expect([countOf(t, 'hour'), countOf(t, 'day')]).toEqual([1, 1]);
  });
});
