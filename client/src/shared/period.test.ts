import { describe, expect, it } from 'vitest';
import { metricsMaxDays, metricsPresets } from '../../../common/admin-metrics.ts';
import { reportMaxDays } from '../../../common/reports.ts';
import {
  addMonths,
  customRangeError,
  maxDays,
  parisToday,
  presetRange,
  presets,
  rangeParams,
  readRange,
} from './period.ts';

const today = '2026-12-01';
const read = (query: string) => readRange(new URLSearchParams(query), today);

describe('a period of Paris days', () => {
  it('repeats the contracts’ presets and longest period', () => {
    expect([...presets]).toEqual([...metricsPresets]);
    expect(maxDays).toBe(metricsMaxDays);
    expect(maxDays).toBe(reportMaxDays);
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

  it('says why custom dates cannot be asked for', () => {
    expect(customRangeError('2026-01-01', '2026-01-31')).toBeNull();
    expect(customRangeError('', '2026-01-31')).toBe('invalid');
    expect(customRangeError('2026-02-01', '2026-01-31')).toBe('order');
    expect(customRangeError('2020-01-01', '2026-01-31')).toBe('tooLong');
  });

  it('reads a preset or the reader’s own dates from the URL, the last 30 days when they are wrong', () => {
    expect(read('period=7d')).toEqual({ preset: '7d', from: '2026-11-25', to: today });
    expect(read('period=custom&from=2026-01-01&to=2026-06-30')).toEqual({
      preset: 'custom',
      from: '2026-01-01',
      to: '2026-06-30',
    });
    const fallback = { preset: '30d', from: '2026-11-02', to: today };
    expect(read('')).toEqual(fallback);
    expect(read('period=decade')).toEqual(fallback);
    expect(read('period=custom&from=2026-02-30&to=2026-03-01')).toEqual(fallback);
  });

  it('writes the dates into the URL for a custom period only, and reads them back the same', () => {
    const custom = read('period=custom&from=2026-01-01&to=2026-01-31');
    expect(rangeParams(custom)).toEqual({ period: 'custom', from: '2026-01-01', to: '2026-01-31' });
    expect(rangeParams(read('period=year'))).toEqual({ period: 'year' });
    for (const range of [custom, read('period=year')])
      expect(readRange(new URLSearchParams(rangeParams(range)), today)).toEqual(range);
  });
});
