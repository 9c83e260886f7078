import { describe, expect, it } from 'vitest';
import { columnTotal } from '../../../../common/report-cells.ts';
import { formatValue, generatedLine } from './format.ts';

/** Intl's fr-FR separators as plain spaces, for readable expectations. */
const spaced = (text: string) => text.replace(/[\u00A0\u202F]/g, ' ');

describe('formatValue', () => {
  it('writes numbers in French formats, euros from cents and percents from ratios', () => {
    const fr = (value: number, format: Parameters<typeof formatValue>[1]) =>
      spaced(formatValue(value, format, 'fr'));
    expect(fr(12345, 'int')).toBe('12 345');
    expect(fr(4.46, 'decimal')).toBe('4,5');
    expect(fr(123456, 'eur')).toBe('1 234,56 €');
    expect(fr(0.452, 'percent')).toBe('45,2 %');
    expect(fr(12.5, 'hours')).toBe('12,5 h');
    expect(fr(3, 'days')).toBe('3 j');
  });

  it('writes them in British formats for an English report', () => {
    expect(formatValue(123456, 'eur', 'en')).toBe('€1,234.56');
    expect(formatValue(0.452, 'percent', 'en')).toBe('45.2%');
    expect(formatValue(12345, 'int', 'en')).toBe('12,345');
  });

  it('writes a date as dd/mm/yyyy, whatever the time zone', () => {
    expect(formatValue('2026-12-31', 'date', 'fr')).toBe('31/12/2026');
    expect(formatValue('2026-01-05', 'date', 'en')).toBe('05/01/2026');
  });

  it('writes a missing value as a dash and a text as it is', () => {
    expect(formatValue(null, 'eur', 'fr')).toBe('—');
    expect(formatValue(undefined, 'int', 'fr')).toBe('—');
    expect(formatValue('n.c.', 'eur', 'fr')).toBe('n.c.');
  });

  it('shortens numbers for a chart axis', () => {
    expect(spaced(formatValue(123_456_789, 'eur', 'fr', { compact: true }))).toBe('1,2 M €');
  });
});

describe('generatedLine', () => {
  it('states the generation time in Paris', () => {
    expect(generatedLine({ generatedAt: '2026-07-01T07:12:00Z', locale: 'fr' })).toBe(
      'Généré le 1 juillet 2026 à 09:12',
    );
    expect(generatedLine({ generatedAt: '2026-12-01T08:12:00Z', locale: 'en' })).toBe(
      'Generated on 1 December 2026 at 09:12',
    );
  });
});

describe('columnTotal', () => {
  it('sums the numbers of a column, skipping missing values', () => {
    expect(columnTotal([{ a: 1 }, { a: null }, { a: 2.5 }, {}], 'a')).toBe(3.5);
    expect(columnTotal([{ a: null }], 'a')).toBeNull();
  });
});
