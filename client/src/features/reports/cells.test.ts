import { describe, expect, it } from 'vitest';
import { columnTotal, isNumeric } from '../../../../common/report-cells.ts';
import { cellFormatter, figureTrend } from './cells.ts';

const fr = cellFormatter('fr');
const en = cellFormatter('en');
// Intl writes French thousands and units with narrow no-break spaces: compared with plain spaces.
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

describe('report cells', () => {
  it('writes each format in French', () => {
    expect(plain(fr(12345, 'int'))).toBe('12 345');
    expect(fr(4.25, 'decimal')).toBe('4,3');
    expect(plain(fr(123456, 'eur'))).toBe('1 234,56 €');
    expect(plain(fr(0.452, 'percent'))).toBe('45,2 %');
    expect(plain(fr(12.5, 'hours'))).toBe('12,5 h');
    expect(plain(fr(3, 'days'))).toBe('3 j');
    expect(fr('2026-12-31', 'date')).toBe('31 déc. 2026');
    expect(fr('Île-de-France', 'text')).toBe('Île-de-France');
  });

  it('writes each format in English', () => {
    expect(en(12345, 'int')).toBe('12,345');
    expect(en(123456, 'eur')).toBe('€1,234.56');
    expect(en(0.452, 'percent')).toBe('45.2%');
    expect(en('2026-12-31', 'date')).toBe('31 Dec 2026');
  });

  it('writes a dash for no value, and a value that does not fit its format as it is', () => {
    expect(fr(null, 'eur')).toBe('—');
    expect(fr(undefined, 'int')).toBe('—');
    expect(fr('n/a', 'int')).toBe('n/a');
    expect(fr(2026, 'text')).toBe('2026');
  });

  it('shortens numbers on a chart’s axis', () => {
    expect(plain(cellFormatter('fr', { compact: true })(123_456_700, 'eur'))).toBe('1,2 M €');
  });

  it('sums a column’s numbers for its total row, nothing when it has none', () => {
    const rows = [
      { n: 2, s: 'a' },
      { n: null, s: 'b' },
      { n: 5, s: 'c' },
    ];
    expect(columnTotal(rows, 'n')).toBe(7);
    expect(columnTotal(rows, 's')).toBeNull();
    expect(columnTotal([], 'n')).toBeNull();
  });

  it('aligns numbers, not dates or texts', () => {
    expect(['int', 'eur', 'percent', 'date', 'text'].map((f) => isNumeric(f as never))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('compares a figure with the previous period’s, rates in points, without calling it good or bad', () => {
    expect(figureTrend({ label: 'x', value: 12, previous: 10, format: 'int' })).toEqual({
      direction: 'up',
      percent: 20,
      unit: 'percent',
      tone: 'neutral',
    });
    expect(figureTrend({ label: 'x', value: 0.5, previous: 0.45, format: 'percent' })).toMatchObject({
      percent: 5,
      unit: 'points',
    });
    expect(figureTrend({ label: 'x', value: 3, previous: null, format: 'int' })).toBeNull();
  });
});
