import { describe, expect, it } from 'vitest';
import { cleanText } from './extracted-text.ts';

describe('cleanText', () => {
  it('replaces a lone half of a surrogate pair and keeps whole pairs', () => {
    expect(cleanText('a\uD800b \uDC00c 😀')).toBe('a\uFFFDb \uFFFDc 😀');
  });

  it('composes accents and blanks control characters', () => {
    expect(cleanText('de\u0301claration\u0000sociale')).toBe('déclaration sociale');
  });
});
