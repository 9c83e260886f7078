import { describe, expect, it } from 'vitest';
import { nextRunAfter, parisWallTime, type Recurrence, reportedPeriod } from './schedule-calendar.ts';

const weekly: Recurrence = { frequency: 'weekly', hour: 8, minute: 0, weekday: 1, monthDay: null };
const daily: Recurrence = { frequency: 'daily', hour: 8, minute: 30, weekday: null, monthDay: null };
const monthly: Recurrence = { frequency: 'monthly', hour: 7, minute: 0, weekday: null, monthDay: 1 };

describe('a schedule’s next run, in Paris wall time', () => {
  it('runs at 08:00 Paris, 07:00 UTC in winter', () => {
    expect(nextRunAfter(weekly, new Date('2026-01-06T12:00:00Z')).toISOString()).toBe(
      '2026-01-12T07:00:00.000Z',
    );
  });

  it('runs at 08:00 Paris, 06:00 UTC in summer', () => {
    expect(nextRunAfter(weekly, new Date('2026-06-02T12:00:00Z')).toISOString()).toBe(
      '2026-06-08T06:00:00.000Z',
    );
  });

  it('keeps 08:00 across the spring change (last Sunday of March 2026)', () => {
    const before = nextRunAfter(daily, new Date('2026-03-28T09:00:00Z'));
    expect(before.toISOString()).toBe('2026-03-29T06:30:00.000Z');
    expect(nextRunAfter(daily, before).toISOString()).toBe('2026-03-30T06:30:00.000Z');
  });

  it('keeps 08:30 across the autumn change (last Sunday of October 2026)', () => {
    expect(nextRunAfter(daily, new Date('2026-10-24T09:00:00Z')).toISOString()).toBe(
      '2026-10-25T07:30:00.000Z',
    );
  });

  it('moves a wall time skipped by the spring change an hour later', () => {
    expect(parisWallTime(new Date('2026-03-29T00:00:00Z'), 2, 30).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
  });

  it('runs later the same day when the time has not come yet', () => {
    expect(nextRunAfter(daily, new Date('2026-06-02T05:00:00Z')).toISOString()).toBe(
      '2026-06-02T06:30:00.000Z',
    );
  });

  it('runs on the chosen day of the next month', () => {
    expect(nextRunAfter(monthly, new Date('2026-01-01T06:00:00Z')).toISOString()).toBe(
      '2026-02-01T06:00:00.000Z',
    );
  });
});

describe('the period a run reports', () => {
  it('a daily run reports the day before', () => {
    expect(reportedPeriod('daily', new Date('2026-03-01T06:30:00Z'))).toEqual({
      from: '2026-02-28',
      to: '2026-02-28',
    });
  });

  it('a weekly run reports the last full week, Monday to Sunday', () => {
    expect(reportedPeriod('weekly', new Date('2026-06-08T06:00:00Z'))).toEqual({
      from: '2026-06-01',
      to: '2026-06-07',
    });
    expect(reportedPeriod('weekly', new Date('2026-06-10T06:00:00Z'))).toEqual({
      from: '2026-06-01',
      to: '2026-06-07',
    });
  });

  it('a monthly run reports the previous month', () => {
    expect(reportedPeriod('monthly', new Date('2026-03-01T06:00:00Z'))).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
    });
  });

  it('takes the Paris day of a run just after midnight in Paris', () => {
    expect(reportedPeriod('daily', new Date('2026-06-01T22:30:00Z'))).toEqual({
      from: '2026-06-01',
      to: '2026-06-01',
    });
  });
});
