import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../../common/errors.ts';
import { en } from './en.ts';
import { workflowErrorTexts } from './fr/workflowPages.ts';
import { fr } from './fr.ts';

describe('error texts', () => {
  // French carries the workflows' errors with the workflow pages (workflow-pages.ts), not in the app shell.
  it.each([
    ['fr', { ...fr.errors, ...workflowErrorTexts }],
    ['en', en.errors],
  ] as const)('%s has a text for every error code the API can answer', (_locale, texts) => {
    const missing = errorCodes.filter((code) => !(texts as Record<string, string>)[code]?.trim());
    expect(missing).toEqual([]);
  });
});
