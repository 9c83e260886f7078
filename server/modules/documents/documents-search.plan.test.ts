/** Which way a search finds its documents: through the word indexes, or walking the documents newest first. */
import { describe, expect, it } from 'vitest';
import { walksNewest } from './documents-search.repo.ts';
import { expectedPages, pageShare, type WordStatistics } from './documents-search.statistics.ts';

const stats: WordStatistics = {
  frequencies: new Map([
    ['factur', 0.8],
    ['carbur', 0.3],
    ['tresorer', 0.12],
    ['regl', 0.02],
  ]),
  pages: 400_000,
  dossiers: 2_000,
};
const dossiers = (n: number) => Array.from({ length: n }, (_, i) => `dossier-${i}`);
const category = { code: 'fuel_invoices', name: 'Factures de carburant' };

describe('what the statistics expect of the words', () => {
  it('multiplies the frequencies of the words for their share of the pages', () => {
    expect(pageShare(stats, ['factur', 'carbur'])).toBeCloseTo(0.24);
  });

  it('counts a word the statistics do not list as on no page', () => {
    expect(pageShare(stats, ['factur', 'tachygraph'])).toBe(0);
  });

  it('scales the expected pages to the scope’s share of the dossiers', () => {
    expect(expectedPages(stats, ['carbur'], 'all')).toBeCloseTo(120_000);
    expect(expectedPages(stats, ['carbur'], dossiers(20))).toBeCloseTo(1_200);
  });
});

describe('walking the newest documents', () => {
  const words = (lexemes: string[], scope: 'all' | string[], categories = [] as (typeof category)[]) => ({
    categories,
    expectedPages: expectedPages(stats, lexemes, scope),
    pageShare: pageShare(stats, lexemes),
  });

  it.each([
    ['an admin, a common word', 'all', ['factur'], [], true],
    ['an admin, a word in a category’s name', 'all', ['regl'], [category], true],
    ['an admin, a word on 2 % of the pages', 'all', ['regl'], [], true],
    ['an admin, a rare word', 'all', ['tachygraph'], [], false],
    ['a client, a common word', dossiers(4), ['factur'], [], true],
    ['a client, two words together on 24 % of the pages', dossiers(4), ['factur', 'carbur'], [], true],
    ['a client, a word on 2 % of the pages', dossiers(4), ['regl'], [], false],
    ['a client, a word in a category’s name only', dossiers(4), ['regl'], [category], false],
    ['an expert of 30 dossiers, a word on 12 % of the pages', dossiers(30), ['tresorer'], [], true],
    ['an expert of 30 dossiers, a rare word', dossiers(30), ['tachygraph'], [], false],
  ] as const)('%s: %s', (_, scope, lexemes, categories, walks) => {
    expect(
      walksNewest(
        scope === 'all' ? 'all' : [...scope],
        words([...lexemes], scope === 'all' ? 'all' : [...scope], [...categories]),
      ),
    ).toBe(walks);
  });
});
