import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { type SearchMarketplace, searchMarketplace } from './experts.factories.ts';
import { searchRepo } from './search.repo.ts';

let t: TestApp;
let search: SearchMarketplace['search'];

beforeAll(async () => {
  t = await startTestApp();
  ({ search } = await searchMarketplace(t));
}, 120_000);
afterAll(() => t.close());

describe('free text', () => {
  it('ranks matches in the name or specialties first, then headline, city or certifications, then bio', async () => {
    // TICPE is a specialty of both; Sophie also has it in her headline.
    expect((await search('?q=ticpe')).names).toEqual(['Sophie', 'Karim']);
    // Tiers first (name and specialties, then headline/city/certifications, then bio), Bayesian rating within:
    // Marc, better rated than Julie, only mentions Lyon in his bio.
    expect((await search('?q=Lyon')).names).toEqual(['Sophie', 'Julie', 'Marc']);
  });

  it('folds accents and stems French', async () => {
    expect((await search('?q=energie')).names).toEqual(['Julie']);
    expect((await search('?q=%C3%A9nergies')).names).toEqual(['Julie']);
    expect((await search('?q=douane')).names).toEqual(['Karim']);
  });

  it('searches the names of the products an expert handles', async () => {
    // Product names are searchable too: "cotisations" is in the names of URSSAF and MSA; Marc's bio has it too.
    expect((await search('?q=cotisations')).names).toEqual(['Marc', 'Karim']);
  });

  it('matches word prefixes as the user types', async () => {
    expect((await search('?q=fiscal')).names).toEqual(['Marc']);
    expect((await search('?q=consult')).names).toEqual(['Julie']);
    expect((await search('?q=Sp%C3%A9ciali')).names).toEqual(['Sophie', 'Karim']);
  });

  it('matches a complete word by its stem, any ending, and an unfinished one by prefix', async () => {
    expect(await searchRepo.resolveText(t.db, ['consultante', 'consult'])).toEqual({
      words: ['consultante', 'consult'],
      prefix: [false, true],
    });
    expect((await search('?q=comptables')).names).toEqual(['Sophie']);
    expect((await search('?q=douanes%20accise')).names).toEqual(['Karim']);
  });
});

describe('typo suggestions', () => {
  it('searches a misspelt word as the closest known word, and says so', async () => {
    const typo = await search('?q=comptabel');
    expect(typo.names).toEqual(['Sophie']);
    expect(typo.correctedQuery).toBe('comptable');
    expect((await search('?q=expert%20comptabel')).correctedQuery).toBe('expert comptable');
  });

  it('leaves a query that finds experts uncorrected', async () => {
    expect((await search('?q=ticpe')).correctedQuery).toBeNull();
  });

  it('corrects misspelt cities and names through trigrams', async () => {
    expect((await search('?q=Marseile')).names).toEqual(['Karim']);
    const name = await search('?q=Hadad');
    expect(name.names).toEqual(['Karim']);
    expect(name.correctedQuery).toBe('haddad');
  });

  it('finds nothing when no known word is close', async () => {
    expect((await search('?q=zzzzqqq')).names).toEqual([]);
  });
});
