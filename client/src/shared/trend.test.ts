import { describe, expect, it } from 'vitest';
import { trendOf } from './trend.ts';

describe('trends', () => {
  it('compares with the previous period in percent', () => {
    expect(trendOf(120, 100)).toEqual({ direction: 'up', percent: 20, unit: 'percent', tone: 'good' });
    expect(trendOf(50, 100)).toEqual({ direction: 'down', percent: -50, unit: 'percent', tone: 'bad' });
    expect(trendOf(7, 7)).toMatchObject({ direction: 'flat', tone: 'neutral' });
  });

  it('has no percentage after nothing, and no trend without both figures', () => {
    expect(trendOf(4, 0)).toMatchObject({ direction: 'up', percent: null });
    expect(trendOf(null, 3)).toBeNull();
  });

  it('takes less as good news where less is better, and compares rates in points', () => {
    expect(trendOf(30, 45, { better: 'down' })?.tone).toBe('good');
    expect(trendOf(0.92, 0.875, { points: true })).toMatchObject({
      percent: 4.5,
      unit: 'points',
      tone: 'good',
    });
  });
});
