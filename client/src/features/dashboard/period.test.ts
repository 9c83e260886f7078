import { describe, expect, it } from 'vitest';
import { metricsGroupBys, metricsMaxDays, metricsPresets } from '../../../../common/admin-metrics.ts';
import {
  addMonths,
  customRangeError,
  defaultGroupBy,
  groupBys,
  maxDays,
  parisToday,
  periodParams,
  presetRange,
  presets,
  readPeriod,
} from './period.ts';

const today = '2026-12-01';
const read = (query: string) => readPeriod(new URLSearchParams(query), today);

describe('the period of the dashboard', () => {
  it('repeats the contract’s presets, buckets and longest period', () => {
    expect([...presets]).toEqual([...metricsPresets]);
    expect([...groupBys]).toEqual([...metricsGroupBys]);
    expect(maxDays).toBe(metricsMaxDays);
  });

  it('takes today’s date in Paris, not in UTC', () => {
    expect(parisToday(new Date('2026-11-30T23:30:00Z'))).toBe('2026-12-01');
    expect(parisToday(new Date('2026-07-31T22:30:00Z'))).toBe('2026-08-01');
  });

  it('turns each preset into days ending today, both included', () => {
    expect(presetRange('today', today)).toEqual({ from: today, to: today });
    expect(presetRange('7d', today)).toEqual({ from: '2026-11-25', to: today });
    expect(presetRange('30d', today)).toEqual({ from: '2026-11-02', to: today });
    expect(presetRange('quarter', today)).toEqual({ from: '2026-09-02', to: today });
    expect(presetRange('year', today)).toEqual({ from: '2025-12-02', to: today });
  });

  it('moves by months onto the month’s last day when the day does not exist', () => {
    expect(addMonths('2026-05-31', -3)).toBe('2026-02-28');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
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

  it('says why custom dates cannot be asked for', () => {
    expect(customRangeError('2026-01-01', '2026-01-31')).toBeNull();
    expect(customRangeError('', '2026-01-31')).toBe('invalid');
    expect(customRangeError('2026-02-01', '2026-01-31')).toBe('order');
    expect(customRangeError('2020-01-01', '2026-01-31')).toBe('tooLong');
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
