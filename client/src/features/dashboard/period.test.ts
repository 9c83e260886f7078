import { describe, expect, it } from 'vitest';
import { metricsGroupBys } from '../../../../common/admin-metrics.ts';
import { defaultGroupBy, groupBys, periodParams, readPeriod } from './period.ts';

const today = '2026-12-01';
const read = (query: string) => readPeriod(new URLSearchParams(query), today);

describe('the period of the dashboard', () => {
  it('repeats the contract’s buckets', () => {
    expect([...groupBys]).toEqual([...metricsGroupBys]);
  });

  it('groups by day up to two months, by week up to a year, by month beyond', () => {
    expect(defaultGroupBy('2026-01-01', '2026-03-03')).toBe('day');
    expect(defaultGroupBy('2026-01-01', '2026-03-04')).toBe('week');
    expect(defaultGroupBy('2025-01-01', '2026-01-01')).toBe('week');
    expect(defaultGroupBy('2025-01-01', '2026-01-02')).toBe('month');
  });

  it('reads the preset and the bucket from the URL, a year by month', () => {
    expect(read('period=7d')).toEqual({ preset: '7d', from: '2026-11-25', to: today, groupBy: 'day' });
    expect(read('period=year')).toMatchObject({ from: '2025-12-02', groupBy: 'month' });
    expect(read('period=quarter&groupBy=month')).toMatchObject({ preset: 'quarter', groupBy: 'month' });
  });

  it('reads the admin’s own dates', () => {
    expect(read('period=custom&from=2026-01-01&to=2026-06-30')).toEqual({
      preset: 'custom',
      from: '2026-01-01',
      to: '2026-06-30',
      groupBy: 'week',
    });
  });

  it('falls back to the last 30 days on a missing, unknown or impossible period', () => {
    const fallback = { preset: '30d', from: '2026-11-02', to: today, groupBy: 'day' };
    expect(read('')).toEqual(fallback);
    expect(read('period=decade&groupBy=hour')).toEqual(fallback);
    expect(read('period=custom&from=2026-02-30&to=2026-03-01')).toEqual(fallback);
    expect(read('period=custom&from=2026-05-01&to=2026-04-01')).toEqual(fallback);
  });

  it('writes into the URL only what differs from the defaults, and reads it back the same', () => {
    const custom = read('period=custom&from=2026-01-01&to=2026-01-31&groupBy=week');
    expect(periodParams(custom)).toEqual({
      period: 'custom',
      from: '2026-01-01',
      to: '2026-01-31',
      groupBy: 'week',
    });
    expect(periodParams(read('period=year'))).toEqual({ period: 'year' });
    for (const period of [custom, read('period=year'), read('period=7d&groupBy=week')])
      expect(readPeriod(new URLSearchParams(periodParams(period)), today)).toEqual(period);
  });
});
