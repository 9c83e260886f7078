import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../../common/errors.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';

describe('error texts', () => {
  it.each([
    ['fr', fr.errors],
    ['en', en.errors],
  ] as const)('%s has a text for every error code the API can answer', (_locale, texts) => {
    const missing = errorCodes.filter((code) => !(texts as Record<string, string>)[code]?.trim());
    expect(missing).toEqual([]);
  });
});
