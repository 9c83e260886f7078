import { type CellValue, type ReportDocument, reportDocument } from '../../../../common/reports.ts';

/** Rows of the experts table, the one long enough to break across pages. */
export const EXPERT_ROWS = 130;

/** A company name that needs quoting in CSV (a `;` and quotes). */
export const QUOTED_COMPANY = 'Dupont; "Fils" & Cie';

/** A name a spreadsheet would run as a formula if it were not neutralised. */
export const FORMULA_COMPANY = '=HYPERLINK("http://example.test")';

export const LONG_COMPANY =
  'Établissements Frères Martin-Lefèvre et Associés, conseil en optimisation des charges sociales et fiscales';

const months = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}-01`);

function expertRow(i: number): Record<string, CellValue> {
  const n = i + 1;
  const companies = [QUOTED_COMPANY, FORMULA_COMPANY, LONG_COMPANY, 'Transports Bernard', 'Boulangerie Roux'];
  return {
    ref: `EXP-${String(n).padStart(4, '0')}`,
    name: `Expert ${n}`,
    company: companies[i % companies.length]!,
    dossiers: (n * 7) % 23,
    revenue: i === 3 ? -12_345 : n * 123_456,
    rate: ((n * 13) % 100) / 100,
    hours: i % 10 === 0 ? null : ((n * 3) % 41) + 0.5,
    lastActivity:
      i % 9 === 0
        ? null
        : `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
  };
}

/**
 * A report with every kind of content: key figures (with and without a previous value), a monthly table with a bar
 * chart, another with a line chart, a long experts table (CSV-hostile texts, a negative amount, missing values),
 * and an empty table.
 */
export function sampleDocument(locale: ReportDocument['locale'] = 'fr'): ReportDocument {
  return reportDocument.parse({
    type: 'platform',
    locale,
    title: 'Rapport plateforme',
    subtitle: ['Période : 1 janv. 2026 – 31 déc. 2026', 'Produit : TICPE'],
    params: { from: '2026-01-01', to: '2026-12-31', productCode: 'TICPE' },
    generatedAt: '2026-12-01T08:12:00.000Z',
    sections: [
      {
        kind: 'figures',
        id: 'kpis',
        title: 'Chiffres clés',
        figures: [
          { label: 'Chiffre d’affaires', value: 123_456_789, format: 'eur', previous: 98_765_432 },
          { label: 'Dossiers signés', value: 1234, format: 'int', previous: 1100 },
          { label: 'Taux de conversion', value: 0.452, format: 'percent', previous: 0.41 },
          { label: 'Délai moyen de traitement', value: 12.5, format: 'days', previous: null },
          { label: 'Heures d’expertise', value: 3456.5, format: 'hours' },
          { label: 'Satisfaction moyenne', value: 4.46, format: 'decimal', previous: 4.2 },
        ],
      },
      {
        kind: 'table',
        id: 'dossiers',
        title: 'Dossiers par mois',
        note: 'Dossiers créés et signés, par mois de création.',
        columns: [
          { key: 'month', label: 'Mois', format: 'date' },
          { key: 'created', label: 'Dossiers créés', format: 'int', total: true },
          { key: 'signed', label: 'Dossiers signés', format: 'int', total: true },
        ],
        rows: months.map((month, i) => ({
          month,
          created: 40 + ((i * 17) % 30),
          signed: 20 + ((i * 11) % 25),
        })),
        chart: { kind: 'bar', x: 'month', series: ['created', 'signed'] },
      },
      {
        kind: 'table',
        id: 'revenue',
        title: 'Chiffre d’affaires mensuel',
        columns: [
          { key: 'month', label: 'Mois', format: 'date' },
          { key: 'revenue', label: 'Chiffre d’affaires', format: 'eur', total: true },
          { key: 'fees', label: 'Commissions', format: 'eur', total: true },
        ],
        rows: months.map((month, i) => ({
          month,
          revenue: 5_000_000 + ((i * 1_234_567) % 4_000_000),
          fees: i === 5 ? null : 500_000 + ((i * 123_457) % 400_000),
        })),
        chart: { kind: 'line', x: 'month', series: ['revenue', 'fees'] },
      },
      {
        kind: 'table',
        id: 'experts',
        title: 'Experts : détail [dossiers / chiffre d’affaires] par expert',
        note: 'Un expert par ligne, par référence.',
        columns: [
          { key: 'ref', label: 'Référence', format: 'text' },
          { key: 'name', label: 'Expert', format: 'text' },
          { key: 'company', label: 'Entreprise', format: 'text' },
          { key: 'dossiers', label: 'Dossiers', format: 'int', total: true },
          { key: 'revenue', label: 'Chiffre d’affaires', format: 'eur', total: true },
          { key: 'rate', label: 'Taux de conversion', format: 'percent' },
          { key: 'hours', label: 'Heures', format: 'hours', total: true },
          { key: 'lastActivity', label: 'Dernière activité', format: 'date' },
        ],
        rows: Array.from({ length: EXPERT_ROWS }, (_, i) => expertRow(i)),
      },
      {
        kind: 'table',
        id: 'claims',
        title: 'Réclamations',
        columns: [
          { key: 'date', label: 'Date', format: 'date' },
          { key: 'amount', label: 'Montant', format: 'eur', total: true },
        ],
        rows: [],
      },
    ],
  });
}
