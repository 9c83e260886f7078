import { describe, expect, it } from 'vitest';
import { safeNext } from '../ui/forms.ts';
import { toQueryString } from './api.ts';
import { parseEuros } from './format.ts';

describe('amounts typed by users', () => {
  it('reads French and English notations into cents', () => {
    expect(parseEuros('12 500,50')).toBe(1_250_050);
    expect(parseEuros('12500.5')).toBe(1_250_050);
    expect(parseEuros('1\u202f000 €')).toBe(100_000);
    expect(parseEuros('0')).toBe(0);
  });

  it('refuses what is not an amount', () => {
    for (const bad of ['', 'abc', '-5', '1,234,5', '12.345', '1e5']) expect(parseEuros(bad)).toBeNull();
  });
});

describe('return after login', () => {
  it('keeps paths of this site and drops anything that would leave it', () => {
    expect(safeNext('/dossiers/42?tab=1')).toBe('/dossiers/42?tab=1');
    expect(safeNext('//evil.example/x')).toBeNull();
    expect(safeNext('https://evil.example')).toBeNull();
    expect(safeNext(null)).toBeNull();
  });
});

describe('query strings', () => {
  it('repeats array values and leaves out empty ones', () => {
    expect(toQueryString({ status: ['draft', 'eligible'], q: '', cursor: undefined, limit: 20 })).toBe(
      '?status=draft&status=eligible&limit=20',
    );
    expect(toQueryString({})).toBe('');
  });
});
