import { describe, expect, it } from 'vitest';
import { isValidSiren, sirenWithCheckDigit } from './siren.ts';

describe('SIREN', () => {
  it('accepts numbers whose Luhn checksum is valid', () => {
    expect(isValidSiren('732829320')).toBe(true);
    expect(isValidSiren('552100554')).toBe(true);
    expect(isValidSiren('356000000')).toBe(true);
  });
  it('refuses wrong checksums, wrong lengths and non-digits', () => {
    expect(isValidSiren('732829321')).toBe(false);
    expect(isValidSiren('12345678')).toBe(false);
    expect(isValidSiren('1234567890')).toBe(false);
    expect(isValidSiren('73282932a')).toBe(false);
  });
  it('completes 8 digits with their check digit', () => {
    expect(sirenWithCheckDigit('73282932')).toBe('732829320');
  });
});
