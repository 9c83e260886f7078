import { describe, expect, it } from 'vitest';
import { deadline, formatDuration } from './duration.ts';

const now = new Date('2026-06-01T10:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
const HOUR = 3_600_000;
/** Intl separates numbers and units with (narrow) no-break spaces. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

describe('deadlines and durations', () => {
  it.each([
    [2 * 24 * HOUR, 'fr', 'dans 2 jours'],
    [5 * HOUR, 'fr', 'dans 5 heures'],
    [20 * 60_000, 'fr', 'dans 20 minutes'],
    [3 * 24 * HOUR, 'en', 'in 3 days'],
  ])('a deadline %i ms ahead reads (%s) “%s”', (ms, locale, text) => {
    const result = deadline(at(ms), locale, now);
    expect({ ...result, text: plain(result.text) }).toEqual({ late: false, text });
  });

  it.each([
    [5 * HOUR, 'fr', '5 h'],
    [3 * 24 * HOUR, 'fr', '3 j'],
    [90 * 60_000, 'fr', '2 h'],
  ])('a deadline passed %i ms ago is late by (%s) “%s”', (ms, locale, text) => {
    const result = deadline(at(-ms), locale, now);
    expect({ ...result, text: plain(result.text) }).toEqual({ late: true, text });
  });

  it('a duration under a minute counts as one minute', () => {
    expect(plain(formatDuration(10_000, 'fr'))).toBe('1 min');
  });

  it('a long duration spells its unit out', () => {
    expect(plain(formatDuration(6 * 24 * HOUR, 'fr', 'long'))).toBe('6 jours');
  });
});
