import { describe, expect, it } from 'vitest';
import { formatSize } from './format.ts';

describe('formatSize', () => {
  it('writes a size in French units with a decimal comma', () => {
    expect(formatSize(1_500_000, 'fr').replace(/\s/g, ' ')).toBe('1,5 Mo');
  });

  it('writes a size in English units', () => {
    expect(formatSize(2_000, 'en')).toBe('2 kB');
  });

  it('writes bytes whole and in words', () => {
    expect(formatSize(999, 'en')).toBe('999 bytes');
  });
});
