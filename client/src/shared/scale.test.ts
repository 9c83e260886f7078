import { describe, expect, it } from 'vitest';
import { linearScale, niceTicks, tickIndexes } from './scale.ts';

describe('scales', () => {
  it('rounds an axis up to round ticks', () => {
    expect(niceTicks(87, 4)).toEqual([0, 50, 100]);
    expect(niceTicks(160, 4)).toEqual([0, 50, 100, 150, 200]);
    expect(niceTicks(1_230_000, 4)).toEqual([0, 500_000, 1_000_000, 1_500_000]);
    expect(niceTicks(3, 4)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0, 4)).toEqual([0, 1]);
  });

  it('maps a domain onto a range, upside down for a y axis', () => {
    const y = linearScale([0, 100], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(25)).toBe(150);
    expect(linearScale([5, 5], [0, 10])(5)).toBe(0);
  });

  it('spaces the axis labels to fit the room', () => {
    expect(tickIndexes(30, 6)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(tickIndexes(3, 6)).toEqual([0, 1, 2]);
    expect(tickIndexes(0, 6)).toEqual([]);
  });
});
