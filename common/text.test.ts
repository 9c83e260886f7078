import { describe, expect, it } from 'vitest';
import { hasControlCharacters, searchText } from './text.ts';

describe('hasControlCharacters', () => {
  it('keeps tabs and line breaks unless told otherwise', () => {
    expect(hasControlCharacters('a\tb\r\nc')).toBe(false);
    expect(hasControlCharacters('a\nb', false)).toBe(true);
  });

  it('finds a NUL and DEL', () => {
    expect([hasControlCharacters('a\u0000b'), hasControlCharacters('a\u007fb')]).toEqual([true, true]);
  });
});

describe('searchText', () => {
  const query = searchText({ min: 2, max: 5 });

  it('trims what is typed', () => {
    expect(query.parse('  élan ')).toBe('élan');
  });

  it('refuses a NUL or a line break in a search', () => {
    expect([query.safeParse('a\u0000b').success, query.safeParse('a\nb').success]).toEqual([false, false]);
  });

  it('refuses a search shorter or longer than its bounds', () => {
    expect([query.safeParse('a').success, query.safeParse('abcdef').success]).toEqual([false, false]);
  });
});
