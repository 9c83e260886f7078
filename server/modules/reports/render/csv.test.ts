import { describe, expect, it } from 'vitest';
import type { ReportDocument } from '../../../../common/reports.ts';
import { reportCsv } from './csv.ts';
import { sampleDocument } from './sample-document.ts';

async function csvOf(doc: ReportDocument): Promise<string> {
  let text = '';
  for await (const line of reportCsv(doc)) text += line;
  return text;
}

const linesOf = async (doc: ReportDocument) => (await csvOf(doc)).split('\r\n');

describe('a report as CSV', () => {
  it('starts with a byte order mark, then the title, parameters and generation time', async () => {
    const lines = await linesOf(sampleDocument());
    expect(lines.slice(0, 5)).toEqual([
      '\uFEFFRapport plateforme',
      'Période : 1 janv. 2026 – 31 déc. 2026',
      'Produit : TICPE',
      'Généré le 1 décembre 2026 à 09:12',
      '',
    ]);
  });

  it('ends every line with CRLF', async () => {
    const text = await csvOf(sampleDocument());
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
  });

  it('separates fields with semicolons, the headers of euros and percents saying their unit', async () => {
    const lines = await linesOf(sampleDocument());
    expect(lines).toContain(
      'Référence;Expert;Entreprise;Dossiers;Chiffre d’affaires (€);Taux de conversion (%);Heures;Dernière activité',
    );
  });

  it('writes numbers with a decimal comma and no thousands separator, euros from cents, percents in points', async () => {
    const lines = await linesOf(sampleDocument());
    expect(lines).toContain('Chiffre d’affaires (€);1234567,89;987654,32');
    expect(lines).toContain('Taux de conversion (%);45,2;41,0');
    expect(lines).toContain('Satisfaction moyenne;4,5;4,2');
  });

  it('quotes a field holding a semicolon or quotes, doubling the quotes', async () => {
    const lines = await linesOf(sampleDocument());
    expect(lines).toContain('EXP-0001;Expert 1;"Dupont; ""Fils"" & Cie";7;1234,56;13,0;;');
  });

  it('leads a text that would run as a formula with an apostrophe, and writes dates as dd/mm/yyyy', async () => {
    const lines = await linesOf(sampleDocument());
    expect(lines).toContain(
      'EXP-0002;Expert 2;"\'=HYPERLINK(""http://example.test"")";14;2469,12;26,0;6,5;02/02/2026',
    );
  });

  it('writes a negative amount as a number, not as a neutralised text', async () => {
    const lines = await linesOf(sampleDocument());
    expect(lines.find((line) => line.startsWith('EXP-0004;'))).toBe(
      'EXP-0004;Expert 4;Transports Bernard;5;-123,45;52,0;12,5;04/04/2026',
    );
  });

  it('leaves a missing value empty', async () => {
    const lines = await linesOf(sampleDocument());
    expect(lines).toContain('Délai moyen de traitement;12,5;');
    expect(lines).toContain('Heures d’expertise;3456,5;');
  });

  it('writes each section after the other: its title, its header, its rows, a blank line', async () => {
    const lines = await linesOf(sampleDocument());
    const start = lines.indexOf('Dossiers par mois');
    expect(lines.slice(start, start + 3)).toEqual([
      'Dossiers par mois',
      'Mois;Dossiers créés;Dossiers signés',
      '01/01/2026;40;20',
    ]);
    expect(lines.slice(start + 13, start + 16)).toEqual([
      '01/12/2026;47;41',
      '',
      'Chiffre d’affaires mensuel',
    ]);
    const figures = lines.indexOf('Chiffres clés');
    expect(lines[figures + 1]).toBe('Indicateur;Valeur;Période précédente');
    const empty = lines.indexOf('Réclamations');
    expect(lines.slice(empty)).toEqual(['Réclamations', 'Date;Montant (€)', '', '']);
  });

  it('writes the words around the labels in the report’s language', async () => {
    const lines = await linesOf(sampleDocument('en'));
    expect(lines).toContain('Generated on 1 December 2026 at 09:12');
    expect(lines).toContain('Figure;Value;Previous period');
  });
});
