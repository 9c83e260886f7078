import { z } from 'zod';

/** Control characters other than tab, line feed and carriage return (`keepBreaks` false: those too). */
export function hasControlCharacters(text: string, keepBreaks = true): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7f || (c < 0x20 && !(keepBreaks && (c === 0x09 || c === 0x0a || c === 0x0d)))) return true;
  }
  return false;
}

export const controlCharactersMessage = 'Caractères de contrôle interdits';

/**
 * Words typed into a search box. Control characters are refused at the edge: PostgreSQL cannot even hold a NUL in
 * text, so one reaching a query would fail there as a server error.
 */
export function searchText({ min = 0, max }: { min?: number; max: number }) {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((s) => !hasControlCharacters(s, false), controlCharactersMessage);
}
