import { describe, expect, it } from 'vitest';
import { timeAgo } from './timeAgo.ts';

const now = new Date('2026-03-10T12:00:00Z');
const secondsAgo = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();

describe('how long ago a notification came', () => {
  it('says "now" within the minute', () => {
    expect(timeAgo(secondsAgo(30), 'fr', now)).toBe('maintenant');
    expect(timeAgo(secondsAgo(30), 'en', now)).toBe('now');
  });

  it('counts minutes, then hours, then days', () => {
    expect(timeAgo(secondsAgo(5 * 60), 'fr', now)).toBe('il y a 5 minutes');
    expect(timeAgo(secondsAgo(3 * 3600 + 59), 'en', now)).toBe('3 hours ago');
    expect(timeAgo(secondsAgo(24 * 3600), 'fr', now)).toBe('hier');
  });

  it('gives the date beyond a week', () => {
    expect(timeAgo('2026-02-20T08:00:00Z', 'fr', now)).toBe(
      new Intl.DateTimeFormat('fr', { dateStyle: 'medium' }).format(new Date('2026-02-20T08:00:00Z')),
    );
  });

  it('takes a time slightly ahead (clock skew) as now', () => {
    expect(timeAgo(secondsAgo(-20), 'en', now)).toBe('now');
  });
});
