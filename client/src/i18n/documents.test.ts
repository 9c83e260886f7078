import { describe, expect, it } from 'vitest';
import {
  checklistStates,
  documentRequestStatuses,
  documentReviewStatuses,
  extractionStatuses,
} from '../../../common/documents.ts';
import { documentPageTexts as enPages } from './en/documentPages.ts';
import { en } from './en.ts';
import { documentPageTexts as frPages } from './fr/documentPages.ts';
import i18n from './index.ts';
import './document-pages.ts';

describe('document texts', () => {
  it.each([
    ['fr', frPages.documents],
    ['en', enPages.documents],
  ] as const)('%s names every checklist state, review, request and extraction status', (_locale, texts) => {
    const named = (group: Record<string, string>, codes: readonly string[]) =>
      codes.filter((code) => !group[code]?.trim());
    expect([
      ...named(texts.checklistStates, checklistStates),
      ...named(texts.reviewStatus, documentReviewStatuses),
      ...named(texts.requests.status, documentRequestStatuses),
      ...named(texts.extraction, extractionStatuses),
    ]).toEqual([]);
  });

  it('the panel’s French texts are there once the panel has loaded them, beside the shell’s', () => {
    const t = i18n.getFixedT('fr');
    expect(t('documents.checklistStates.missing')).toBe('Manquant');
    expect(t('documentShell.nav')).toBe('Mes documents');
  });

  it('English carries the panel’s texts with the rest of English', () => {
    expect((en as unknown as typeof enPages).documents).toBe(enPages.documents);
  });
});
