import { describe, expect, it } from 'vitest';
import { isValidTimeZone, outsideQuietHours, quietHoursEnd } from './quiet-hours.ts';

const night = { start: '22:00', end: '07:00' };
const paris = 'Europe/Paris';

describe('quiet hours', () => {
  it('are not in force outside their span', () => {
    // 15:00 in Paris (summer time, UTC+2).
    expect(quietHoursEnd(new Date('2026-06-01T13:00:00Z'), night, paris)).toBeNull();
  });

  it('end the next morning when they hold an evening instant', () => {
    // 23:30 in Paris → 07:00 the next day, 05:00 UTC.
    expect(quietHoursEnd(new Date('2026-06-01T21:30:00Z'), night, paris)).toEqual(
      new Date('2026-06-02T05:00:00Z'),
    );
  });

  it('end the same morning when they hold an instant after midnight', () => {
    // 03:00 in Paris → 07:00 the same day.
    expect(quietHoursEnd(new Date('2026-06-02T01:00:00Z'), night, paris)).toEqual(
      new Date('2026-06-02T05:00:00Z'),
    );
  });

  it('start at their first minute and end at their last', () => {
    expect(quietHoursEnd(new Date('2026-06-01T20:00:00Z'), night, paris)).toEqual(
      new Date('2026-06-02T05:00:00Z'),
    );
    expect(quietHoursEnd(new Date('2026-06-02T05:00:00Z'), night, paris)).toBeNull();
  });

  it('hold a span within one day', () => {
    const lunch = { start: '12:00', end: '14:00' };
    expect(quietHoursEnd(new Date('2026-06-01T10:30:00Z'), lunch, paris)).toEqual(
      new Date('2026-06-01T12:00:00Z'),
    );
    expect(quietHoursEnd(new Date('2026-06-01T12:30:00Z'), lunch, paris)).toBeNull();
  });

  it('are read in the user’s own time zone', () => {
    // 23:30 UTC is 19:30 in New York (summer time, UTC−4): outside; 02:30 UTC is 22:30 there: inside until 07:00.
    expect(quietHoursEnd(new Date('2026-06-01T23:30:00Z'), night, 'America/New_York')).toBeNull();
    expect(quietHoursEnd(new Date('2026-06-02T02:30:00Z'), night, 'America/New_York')).toEqual(
      new Date('2026-06-02T11:00:00Z'),
    );
  });

  it('end at the right instant across the spring-forward night', () => {
    // 23:00 CET on 28 March 2026; clocks go from 02:00 to 03:00 that night: 07:00 is CEST, 05:00 UTC.
    expect(quietHoursEnd(new Date('2026-03-28T22:00:00Z'), night, paris)).toEqual(
      new Date('2026-03-29T05:00:00Z'),
    );
  });

  it('end at the right instant across the autumn night', () => {
    // 23:00 CEST on 24 October 2026; clocks go from 03:00 back to 02:00: 07:00 is CET, 06:00 UTC.
    expect(quietHoursEnd(new Date('2026-10-24T21:00:00Z'), night, paris)).toEqual(
      new Date('2026-10-25T06:00:00Z'),
    );
  });

  it('ending at a time the spring change skips, end as far after the gap', () => {
    // Quiet until 02:30, which 29 March 2026 never shows in Paris: 03:30 CEST, 01:30 UTC.
    const early = { start: '23:00', end: '02:30' };
    expect(quietHoursEnd(new Date('2026-03-28T23:30:00Z'), early, paris)).toEqual(
      new Date('2026-03-29T01:30:00Z'),
    );
  });

  it('ending at a time autumn shows twice, end at its first showing', () => {
    // 02:30 on 25 October 2026 in Paris is first 00:30 UTC (CEST), then 01:30 UTC (CET).
    const early = { start: '23:00', end: '02:30' };
    expect(quietHoursEnd(new Date('2026-10-24T22:00:00Z'), early, paris)).toEqual(
      new Date('2026-10-25T00:30:00Z'),
    );
  });

  it('do nothing when there are none, or when they start and end together', () => {
    const at = new Date('2026-06-01T21:30:00Z');
    expect(quietHoursEnd(at, null, paris)).toBeNull();
    expect(quietHoursEnd(at, { start: '08:00', end: '08:00' }, paris)).toBeNull();
  });

  it('leave an instant outside them as it is, and move one inside to their end', () => {
    expect(outsideQuietHours(new Date('2026-06-01T13:00:00Z'), night, paris)).toEqual(
      new Date('2026-06-01T13:00:00Z'),
    );
    expect(outsideQuietHours(new Date('2026-06-01T21:30:00Z'), night, paris)).toEqual(
      new Date('2026-06-02T05:00:00Z'),
    );
  });
});

describe('time zones', () => {
  it('accepts IANA names and refuses anything else', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('America/Guadeloupe')).toBe(true);
    expect(isValidTimeZone('Europe/Atlantis')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});
