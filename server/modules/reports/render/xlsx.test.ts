import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReportDocument } from '../../../../common/reports.ts';
import { EXPERT_ROWS, sampleDocument } from './sample-document.ts';
import { sheetName, writeReportXlsx } from './xlsx.ts';

async function workbookOf(doc: ReportDocument): Promise<ExcelJS.Workbook> {
  const output = new PassThrough();
  const bytes = buffer(output);
  await writeReportXlsx(doc, output);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await bytes) as any);
  return workbook;
}

const EXPERTS = 'Experts détail dossiers - chiff';

describe('a report as XLSX', () => {
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    workbook = await workbookOf(sampleDocument());
  });
  const sheet = (name: string) => workbook.getWorksheet(name)!;

  it('has a summary sheet, then one sheet per table named from its title within Excel’s rules', () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Synthèse',
      'Dossiers par mois',
      'Chiffre d’affaires mensuel',
      EXPERTS,
      'Réclamations',
    ]);
  });

  it('puts the title, parameters and generation time on the summary', () => {
    const summary = sheet('Synthèse');
    expect([1, 2, 3, 4].map((r) => summary.getCell(`A${r}`).value)).toEqual([
      'Rapport plateforme',
      'Période : 1 janv. 2026 – 31 déc. 2026',
      'Produit : TICPE',
      'Généré le 1 décembre 2026 à 09:12',
    ]);
  });

  it('writes key figures as numbers in their formats, euros as euros', () => {
    const summary = sheet('Synthèse');
    const rowOf = (label: string) => {
      let found: ExcelJS.Row | undefined;
      summary.eachRow((row) => {
        if (row.getCell(1).value === label) found = row;
      });
      return found!;
    };
    const revenue = rowOf('Chiffre d’affaires');
    expect([revenue.getCell(2).value, revenue.getCell(3).value]).toEqual([1_234_567.89, 987_654.32]);
    expect(revenue.getCell(2).numFmt).toBe('#,##0.00 "€"');
    const rate = rowOf('Taux de conversion');
    expect(rate.getCell(2).value).toBe(0.452);
    expect(rate.getCell(2).numFmt).toBe('0.0 %');
    expect(rowOf('Délai moyen de traitement').getCell(3).value).toBeNull();
  });

  it('writes table cells typed: numbers, euros from cents, ratios, real dates, texts', () => {
    const row = sheet(EXPERTS).getRow(3);
    expect(row.getCell(1).value).toBe('EXP-0002');
    expect(row.getCell(3).value).toBe('=HYPERLINK("http://example.test")');
    expect(row.getCell(3).type).toBe(ExcelJS.ValueType.String);
    expect(row.getCell(4).value).toBe(14);
    expect(row.getCell(4).numFmt).toBe('#,##0');
    expect(row.getCell(5).value).toBe(2469.12);
    expect(row.getCell(5).numFmt).toBe('#,##0.00 "€"');
    expect(row.getCell(6).value).toBe(0.26);
    expect(row.getCell(6).numFmt).toBe('0.0 %');
    expect(row.getCell(7).numFmt).toBe('0.0');
    expect(row.getCell(8).value).toEqual(new Date(Date.UTC(2026, 1, 2)));
    expect(row.getCell(8).numFmt).toBe('dd/mm/yyyy');
  });

  it('leaves a missing value empty', () => {
    expect(sheet(EXPERTS).getCell('H2').type).toBe(ExcelJS.ValueType.Null);
  });

  it('freezes a bold header row', () => {
    const experts = sheet(EXPERTS);
    expect(experts.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(experts.getCell('A1').value).toBe('Référence');
    expect(experts.getCell('A1').font?.bold).toBe(true);
  });

  it('puts a filter on the header row', () => {
    expect(sheet(EXPERTS).autoFilter).toBe('A1:H1');
    expect(sheet('Dossiers par mois').autoFilter).toBe('A1:C1');
  });

  it('ends a table with a total row of SUM formulas carrying their result', () => {
    const experts = sheet(EXPERTS);
    const last = EXPERT_ROWS + 2;
    expect(experts.getCell(`A${last}`).value).toBe('Total');
    const doc = sampleDocument();
    const table = doc.sections.find((s) => s.id === 'experts');
    if (table?.kind !== 'table') throw new Error('no experts table');
    const sum = (key: string) =>
      table.rows.reduce((total, row) => total + ((row[key] as number | null) ?? 0), 0);
    expect(experts.getCell(`D${last}`).value).toEqual({
      formula: `SUM(D2:D${last - 1})`,
      result: sum('dossiers'),
    });
    expect(experts.getCell(`E${last}`).value).toEqual({
      formula: `SUM(E2:E${last - 1})`,
      result: sum('revenue') / 100,
    });
    expect(experts.getCell(`F${last}`).value).toBeNull();
    expect(experts.getCell(`D${last}`).font?.bold).toBe(true);
  });

  it('writes only the header of an empty table', () => {
    const empty = sheet('Réclamations');
    expect(empty.actualRowCount).toBe(1);
    expect(empty.getRow(1).values).toEqual([undefined, 'Date', 'Montant']);
  });

  it('names the summary in the report’s language', async () => {
    const english = await workbookOf(sampleDocument('en'));
    expect(english.worksheets[0]!.name).toBe('Summary');
  });
});

describe('sheetName', () => {
  it('removes the characters Excel forbids and the apostrophes around', () => {
    expect(sheetName("'Marges [2026]: a/b\\c*?'", new Set(), 'Tableau')).toBe('Marges 2026 a-b-c');
  });

  it('cuts a long title to 31 characters', () => {
    const name = sheetName('Un titre de section bien trop long pour un onglet', new Set(), 'Tableau');
    expect(name).toBe('Un titre de section bien trop l');
  });

  it('numbers a name already taken, whatever its case, within 31 characters', () => {
    const taken = new Set<string>();
    const long = 'Un titre de section bien trop long pour un onglet';
    expect([sheetName('Experts', taken, 'T'), sheetName('EXPERTS', taken, 'T')]).toEqual([
      'Experts',
      'EXPERTS (2)',
    ]);
    expect([sheetName(long, taken, 'T'), sheetName(long, taken, 'T')]).toEqual([
      'Un titre de section bien trop l',
      'Un titre de section bien tr (2)',
    ]);
  });

  it('falls back on a given name when nothing of the title is left', () => {
    expect(sheetName('[?]', new Set(), 'Tableau 3')).toBe('Tableau 3');
  });
});
