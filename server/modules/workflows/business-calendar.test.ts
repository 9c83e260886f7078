import { describe, expect, it } from 'vitest';
import type { SlaUnit } from '../../../common/workflows.ts';
import {
  addCounted,
  countedBetween,
  frenchPublicHolidays,
  isWorkingDay,
  slaMs,
} from './business-calendar.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string) => new Date(iso);

describe('frenchPublicHolidays', () => {
  it.each([
    [2025, ['2025-04-21', '2025-05-29', '2025-06-09']],
    [2026, ['2026-04-06', '2026-05-14', '2026-05-25']],
    [2027, ['2027-03-29', '2027-05-06', '2027-05-17']],
    [2028, ['2028-04-17', '2028-05-25', '2028-06-05']],
    [2024, ['2024-04-01', '2024-05-09', '2024-05-20']],
    [2019, ['2019-04-22', '2019-05-30', '2019-06-10']],
  ])(
    'places Easter Monday, Ascension and Whit Monday of %i',
    (year, [easterMonday, ascension, whitMonday]) => {
      expect(frenchPublicHolidays(year)).toEqual(
        expect.arrayContaining([easterMonday, ascension, whitMonday]),
      );
    },
  );

  it.each([2025, 2026, 2027, 2028])('lists the eleven national holidays of %i in calendar order', (year) => {
    const holidays = frenchPublicHolidays(year);
    expect(holidays).toHaveLength(11);
    expect(holidays).toEqual([...holidays].sort());
    for (const fixed of ['01-01', '05-01', '05-08', '07-14', '08-15', '11-01', '11-11', '12-25']) {
      expect(holidays).toContain(`${year}-${fixed}`);
    }
  });

  it('leaves out the Alsace-Moselle days (Good Friday, 26 December)', () => {
    expect(frenchPublicHolidays(2025)).not.toContain('2025-04-18');
    expect(frenchPublicHolidays(2025)).not.toContain('2025-12-26');
  });
});

describe('isWorkingDay', () => {
  it.each([
    ['a Monday', '2025-01-06T10:00:00+01:00', true],
    ['a Saturday', '2025-01-04T10:00:00+01:00', false],
    ['a Sunday', '2025-01-05T10:00:00+01:00', false],
    ['New Year', '2025-01-01T10:00:00+01:00', false],
    ['Easter Monday', '2026-04-06T10:00:00+02:00', false],
    ['Ascension', '2027-05-06T10:00:00+02:00', false],
    ['Whit Monday', '2028-06-05T10:00:00+02:00', false],
    ['Bastille Day', '2025-07-14T10:00:00+02:00', false],
    ['Good Friday (Alsace-Moselle only)', '2025-04-18T10:00:00+02:00', true],
    ['New Year far ahead', '2300-01-01T10:00:00+01:00', false],
    ['Easter Monday far ahead', '2300-04-09T10:00:00+02:00', false],
    ['Monday 00:30 in Paris, still Sunday in UTC', '2025-01-05T23:30:00Z', true],
    ['Saturday 00:30 in Paris, still Friday in UTC', '2025-01-03T23:30:00Z', false],
    ['Monday 01:30 in Paris in summer, still Sunday in UTC', '2025-07-06T23:30:00Z', true],
  ])('%s → %s', (_, iso, expected) => {
    expect(isWorkingDay(at(iso))).toBe(expected);
  });
});

describe('slaMs', () => {
  it.each([
    [{ amount: 3, unit: 'hours' as const }, 3 * HOUR],
    [{ amount: 3, unit: 'business_hours' as const }, 3 * HOUR],
    [{ amount: 2, unit: 'days' as const }, 2 * DAY],
    [{ amount: 2, unit: 'business_days' as const }, 2 * DAY],
  ])('%o counts %i ms', (spec, expected) => {
    expect(slaMs(spec)).toBe(expected);
  });
});

describe('countedBetween', () => {
  it.each<[string, string, string, SlaUnit, number]>([
    [
      'business hours within a day',
      '2025-01-06T10:00:00+01:00',
      '2025-01-06T12:30:00+01:00',
      'business_hours',
      2.5 * HOUR,
    ],
    [
      'business hours before opening',
      '2025-01-06T07:00:00+01:00',
      '2025-01-06T10:00:00+01:00',
      'business_hours',
      HOUR,
    ],
    [
      'business hours after closing',
      '2025-01-06T17:00:00+01:00',
      '2025-01-06T22:00:00+01:00',
      'business_hours',
      HOUR,
    ],
    [
      'business hours overnight',
      '2025-01-06T17:00:00+01:00',
      '2025-01-07T10:00:00+01:00',
      'business_hours',
      2 * HOUR,
    ],
    [
      'business hours over a weekend',
      '2025-01-10T17:00:00+01:00',
      '2025-01-13T10:00:00+01:00',
      'business_hours',
      2 * HOUR,
    ],
    [
      'business hours over May Day',
      '2025-04-30T17:00:00+02:00',
      '2025-05-02T10:00:00+02:00',
      'business_hours',
      2 * HOUR,
    ],
    [
      'business hours of a whole week',
      '2025-01-06T00:00:00+01:00',
      '2025-01-13T00:00:00+01:00',
      'business_hours',
      45 * HOUR,
    ],
    [
      'business hours of a weekend only',
      '2025-01-11T09:00:00+01:00',
      '2025-01-12T18:00:00+01:00',
      'business_hours',
      0,
    ],
    [
      'business days over a weekend',
      '2025-01-10T12:00:00+01:00',
      '2025-01-13T12:00:00+01:00',
      'business_days',
      DAY,
    ],
    [
      'business days over Easter Monday',
      '2025-04-18T12:00:00+02:00',
      '2025-04-22T12:00:00+02:00',
      'business_days',
      DAY,
    ],
    [
      'business days of the year 2025',
      '2025-01-01T00:00:00+01:00',
      '2026-01-01T00:00:00+01:00',
      'business_days',
      251 * DAY,
    ],
    [
      'business days over the spring DST weekend',
      '2025-03-28T12:00:00+01:00',
      '2025-03-31T12:00:00+02:00',
      'business_days',
      DAY,
    ],
    [
      'business days over the autumn DST weekend',
      '2025-10-24T12:00:00+02:00',
      '2025-10-27T12:00:00+01:00',
      'business_days',
      DAY,
    ],
    [
      'wall-clock hours over the spring DST change',
      '2025-03-30T00:00:00+01:00',
      '2025-03-31T00:00:00+02:00',
      'hours',
      23 * HOUR,
    ],
    [
      'wall-clock days over the autumn DST change',
      '2025-10-26T00:00:00+02:00',
      '2025-10-27T00:00:00+01:00',
      'days',
      25 * HOUR,
    ],
    [
      'nothing when the end comes first',
      '2025-01-07T10:00:00+01:00',
      '2025-01-06T10:00:00+01:00',
      'business_hours',
      0,
    ],
  ])('%s', (_, from, to, unit, expected) => {
    expect(countedBetween(at(from), at(to), unit)).toBe(expected);
  });
});

describe('addCounted', () => {
  it.each<[string, string, number, SlaUnit, string]>([
    [
      'business hours within a day',
      '2025-01-06T10:00:00+01:00',
      3 * HOUR,
      'business_hours',
      '2025-01-06T13:00:00+01:00',
    ],
    [
      'business hours ending at closing time',
      '2025-01-06T10:00:00+01:00',
      8 * HOUR,
      'business_hours',
      '2025-01-06T18:00:00+01:00',
    ],
    [
      'business hours from the evening',
      '2025-01-06T19:00:00+01:00',
      HOUR,
      'business_hours',
      '2025-01-07T10:00:00+01:00',
    ],
    [
      'business hours from early morning',
      '2025-01-06T06:00:00+01:00',
      HOUR,
      'business_hours',
      '2025-01-06T10:00:00+01:00',
    ],
    [
      'business hours over a weekend',
      '2025-01-10T16:00:00+01:00',
      5 * HOUR,
      'business_hours',
      '2025-01-13T12:00:00+01:00',
    ],
    [
      'business hours over the spring DST weekend',
      '2025-03-28T16:00:00+01:00',
      5 * HOUR,
      'business_hours',
      '2025-03-31T12:00:00+02:00',
    ],
    [
      'business hours over May Day',
      '2025-04-30T17:00:00+02:00',
      2 * HOUR,
      'business_hours',
      '2025-05-02T10:00:00+02:00',
    ],
    [
      'business hours over Ascension',
      '2025-05-28T17:00:00+02:00',
      10 * HOUR,
      'business_hours',
      '2025-05-30T18:00:00+02:00',
    ],
    [
      'business hours over Whit Monday',
      '2026-05-22T17:00:00+02:00',
      2 * HOUR,
      'business_hours',
      '2026-05-26T10:00:00+02:00',
    ],
    [
      'business hours started on a Sunday',
      '2025-01-12T15:00:00+01:00',
      HOUR,
      'business_hours',
      '2025-01-13T10:00:00+01:00',
    ],
    [
      'business days over a weekend',
      '2025-01-10T10:00:00+01:00',
      DAY,
      'business_days',
      '2025-01-13T10:00:00+01:00',
    ],
    [
      'business days over Easter Monday',
      '2025-04-18T10:00:00+02:00',
      2 * DAY,
      'business_days',
      '2025-04-23T10:00:00+02:00',
    ],
    [
      'business days over the autumn DST weekend',
      '2025-10-24T12:00:00+02:00',
      DAY,
      'business_days',
      '2025-10-27T12:00:00+01:00',
    ],
    [
      'business days started on a Saturday',
      '2025-01-11T10:00:00+01:00',
      2 * DAY,
      'business_days',
      '2025-01-15T00:00:00+01:00',
    ],
    [
      'business days of a whole year',
      '2025-01-01T00:00:00+01:00',
      251 * DAY,
      'business_days',
      '2026-01-01T00:00:00+01:00',
    ],
    [
      'business days over Christmas and New Year',
      '2025-12-24T10:00:00+01:00',
      3 * DAY,
      'business_days',
      '2025-12-30T10:00:00+01:00',
    ],
    [
      'wall-clock hours over the spring DST change',
      '2025-03-29T12:00:00+01:00',
      24 * HOUR,
      'hours',
      '2025-03-30T13:00:00+02:00',
    ],
    ['wall-clock days over a weekend', '2025-01-10T10:00:00+01:00', DAY, 'days', '2025-01-11T10:00:00+01:00'],
    ['nothing to count', '2025-01-11T10:00:00+01:00', 0, 'business_hours', '2025-01-11T10:00:00+01:00'],
  ])('%s', (_, from, counted, unit, expected) => {
    expect(addCounted(at(from), counted, unit).toISOString()).toBe(at(expected).toISOString());
  });

  it.each<[string, number, SlaUnit]>([
    ['2025-03-27T15:45:00+01:00', 37 * HOUR, 'business_hours'],
    ['2025-10-23T08:10:00+02:00', 123 * HOUR, 'business_hours'],
    ['2026-12-20T23:59:00+01:00', 40 * DAY, 'business_days'],
    ['2027-04-30T12:00:00+02:00', 1000 * DAY, 'business_days'],
  ])('counts back exactly what it added from %s', (from, counted, unit) => {
    expect(countedBetween(at(from), addCounted(at(from), counted, unit), unit)).toBe(counted);
  });
});
