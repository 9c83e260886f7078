import { beforeAll, describe, expect, it } from 'vitest';
import type { AdminMetrics } from '../../../common/admin-metrics.ts';
import type { ReportDocument, ReportFigure, ReportTable } from '../../../common/reports.ts';
import type { Session } from '../../../tests/support/factories.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import { dashboardData, longSessions } from '../dashboard/dashboard.factories.ts';

const { t, cast } = appWith(dashboardData, { overrides: longSessions, setupTimeoutMs: 60_000 });

async function report(query: string, who: Session = cast.admin): Promise<ReportDocument> {
  const res = await t.request('GET', `/api/reports?${query}`, { token: who.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function metrics(query: string): Promise<AdminMetrics> {
  const res = await t.request('GET', `/api/admin/metrics?${query}`, { token: cast.admin.token });
  expect(res.status).toBe(200);
  return res.body;
}

const figures = (doc: ReportDocument, id = 'key-figures'): Record<string, ReportFigure> => {
  const section = doc.sections.find((s) => s.id === id);
  if (section?.kind !== 'figures') throw new Error(`no figures ${id}`);
  return Object.fromEntries(section.figures.map((f) => [f.label, f]));
};
const table = (doc: ReportDocument, id: string): ReportTable => {
  const section = doc.sections.find((s) => s.id === id);
  if (section?.kind !== 'table') throw new Error(`no table ${id}`);
  return section;
};
const TICPE = 'Remboursement partiel de TICPE (gazole professionnel)';
const URSSAF = 'Optimisation des cotisations sociales';
const value = (doc: ReportDocument, label: string, id?: string) => figures(doc, id)[label]?.value;

// The data set of `dashboardData` (see there): the figures below are computed by hand.
describe('the platform report over 1–3 June 2026', () => {
  let doc: ReportDocument;
  beforeAll(async () => {
    doc = await report('type=platform&from=2026-06-01&to=2026-06-03');
  });

  it('names the report and its period in French', () => {
    expect(doc.title).toBe('Performance de la plateforme');
    expect(doc.subtitle).toEqual(['Période : du 1 juin 2026 au 3 juin 2026', 'Toute la plateforme']);
  });

  it('counts the dossiers opened, closed and refunded, and the conversion', () => {
    expect(value(doc, 'Dossiers ouverts')).toBe(4);
    expect(value(doc, 'Dossiers clôturés')).toBe(1);
    expect(value(doc, 'Dossiers remboursés')).toBe(2);
    expect(value(doc, 'Taux de conversion (remboursés / ouverts)')).toBe(0.5);
  });

  it('sums the amounts estimated and obtained, against the previous period', () => {
    expect(figures(doc)['Montants estimés']).toMatchObject({ value: 4_000_000, previous: 0, format: 'eur' });
    expect(value(doc, 'Montants obtenus')).toBe(1_000_005);
  });

  it('breaks the dossiers down by product, with a total per column', () => {
    const byProduct = table(doc, 'by-product');
    expect(byProduct.rows.map((r) => [r.name, r.opened, r.refunded, r.obtained])).toEqual([
      [TICPE, 2, 2, 1_000_005],
      [URSSAF, 2, 0, 0],
    ]);
    expect(byProduct.columns.find((c) => c.key === 'obtained')).toMatchObject({ format: 'eur', total: true });
  });

  it('gives the median lead time of a status from the same histogram as the dashboard', () => {
    const draft = table(doc, 'lead-times').rows.find((r) => r.status === 'Brouillon');
    expect(draft).toEqual({ status: 'Brouillon', medianHours: 0.75, stays: 3 });
  });

  it('fills every day of the series', () => {
    expect(table(doc, 'series').rows.map((r) => [r.bucket, r.opened, r.closed])).toEqual([
      ['2026-06-01', 1, 0],
      ['2026-06-02', 0, 0],
      ['2026-06-03', 3, 1],
    ]);
  });
});

describe('the platform report agrees with the dashboard for the same parameters', () => {
  it.each([
    ['1–3 June', 'from=2026-06-01&to=2026-06-03'],
    ['2–3 June (a previous period that moved)', 'from=2026-06-02&to=2026-06-03'],
    ['a year', 'from=2025-06-04&to=2026-06-03'],
  ])('over %s', async (_, period) => {
    const [doc, m] = await Promise.all([report(`type=platform&${period}`), metrics(period)]);
    const f = figures(doc);
    const pair = (label: string) => ({ value: f[label]!.value, previous: f[label]!.previous });
    expect(pair('Dossiers ouverts')).toEqual(m.dossiers.opened);
    expect(pair('Dossiers clôturés')).toEqual(m.dossiers.closed);
    expect(pair('Dossiers remboursés')).toEqual(m.funnel.refunded);
    expect(pair('Montants estimés')).toEqual(m.amounts.estimatedCents);
    expect(pair('Montants obtenus')).toEqual(m.amounts.obtainedCents);
    expect(pair('Respect des délais (SLA)')).toEqual(m.sla.compliance);
    expect(pair('Nouveaux clients')).toEqual(m.clients.new);
    expect(f['Délai médian de première réponse (heures)']!.value).toBe(
      m.expertFirstResponse.medianMinutes.value === null
        ? null
        : m.expertFirstResponse.medianMinutes.value / 60,
    );
    const series = table(doc, 'series').rows.map((r) => [r.bucket, r.opened, r.closed]);
    expect(series).toEqual(m.series.map((p) => [p.bucket, p.opened, p.closed]));
  });

  it('by product: the report of one product gives the dashboard’s row of that product', async () => {
    const period = 'from=2026-06-01&to=2026-06-03';
    const [doc, m] = await Promise.all([
      report(`type=platform&${period}&productCode=TICPE`),
      metrics(period),
    ]);
    const row = m.dossiers.byProduct.find((p) => p.productCode === 'TICPE')!;
    expect([value(doc, 'Dossiers ouverts'), value(doc, 'Montants obtenus')]).toEqual([
      row.opened,
      row.obtainedCents,
    ]);
  });

  it('by region: the report of one region gives the dashboard’s row of that region', async () => {
    const period = 'from=2026-06-01&to=2026-06-03';
    const [doc, m] = await Promise.all([report(`type=platform&${period}&region=bretagne`), metrics(period)]);
    const row = m.dossiers.byRegion.find((r) => r.region === 'bretagne')!;
    expect([value(doc, 'Dossiers ouverts'), value(doc, 'Montants obtenus')]).toEqual([
      row.opened,
      row.obtainedCents,
    ]);
  });

  it('the financial report gives the dashboard’s fee waterfall', async () => {
    const period = 'from=2026-06-01&to=2026-06-03';
    const [doc, m] = await Promise.all([report(`type=financial&${period}`), metrics(period)]);
    const w = figures(doc, 'waterfall');
    expect([
      w['Honoraires de l’expert']!.value,
      w['Part de la plateforme']!.value,
      w['Net expert']!.value,
      w['TVA sur honoraires']!.value,
    ]).toEqual([
      m.fees.expertFeesCents.value,
      m.fees.platformFeesCents.value,
      m.fees.expertNetCents.value,
      m.fees.vatCents.value,
    ]);
  });
});

describe('the expert report', () => {
  it('counts the expert’s own dossiers and answers', async () => {
    const doc = await report('type=expert&from=2026-06-01&to=2026-06-03', cast.expert);
    expect(doc.params.expertId).toBe(cast.expert.user.id);
    expect(value(doc, 'Dossiers pris en charge')).toBe(2);
    expect(value(doc, 'Dossiers remboursés')).toBe(2);
    expect(value(doc, 'Honoraires de l’expert')).toBe(300_002);
    expect(value(doc, 'Délai médian de première réponse (heures)')).toBe(22.5 / 60);
  });

  it('is written in English when asked', async () => {
    const doc = await report('type=expert&from=2026-06-01&to=2026-06-03&locale=en', cast.expert);
    expect(doc.title).toBe('Expert performance');
    expect(value(doc, 'Dossiers refunded')).toBe(2);
  });
});

describe('the client summary', () => {
  it('lists the client’s own dossiers and what they recovered', async () => {
    const doc = await report('type=client&from=2026-06-01&to=2026-06-30', cast.clientB);
    expect(table(doc, 'dossiers').rows.map((r) => [r.product, r.status, r.obtained])).toEqual([
      [URSSAF, 'Annulé', null],
      [TICPE, 'Remboursé', 5],
    ]);
    expect(value(doc, 'Montants récupérés dans la période')).toBe(5);
  });
});

describe('who may read which report', () => {
  const period = 'from=2026-06-01&to=2026-06-03';
  const get = (query: string, who?: Session) =>
    t.request('GET', `/api/reports?${query}`, { token: who?.token });

  it('refuses an anonymous caller', async () => {
    expect((await get(`type=platform&${period}`)).status).toBe(401);
  });

  it.each(['platform', 'financial'])('refuses the %s report to an expert', async (type) => {
    const res = await get(`type=${type}&${period}`, cast.expert);
    expect([res.status, res.body.error.code]).toEqual([403, 'REPORT_NOT_ALLOWED']);
  });

  it('refuses another expert’s report to an expert', async () => {
    const res = await get(`type=expert&${period}&expertId=${cast.admin.user.id}`, cast.expert);
    expect([res.status, res.body.error.code]).toEqual([403, 'REPORT_NOT_ALLOWED']);
  });

  it.each(['platform', 'expert', 'pipeline'])('refuses the %s report to a client', async (type) => {
    const res = await get(`type=${type}&${period}`, cast.clientA);
    expect([res.status, res.body.error.code]).toEqual([403, 'REPORT_NOT_ALLOWED']);
  });

  it('asks an admin to name the expert of an expert report', async () => {
    const res = await get(`type=expert&${period}`, cast.admin);
    expect([res.status, res.body.error.code]).toEqual([400, 'REPORT_EXPERT_REQUIRED']);
  });

  it('refuses a period longer than 1,100 days with its own code', async () => {
    const res = await get('type=platform&from=2020-01-01&to=2026-06-03', cast.admin);
    expect([res.status, res.body.error.code]).toEqual([400, 'REPORT_PERIOD_TOO_LONG']);
  });

  it.each([
    ['an unknown type', `type=weekly&${period}`],
    ['a malformed date', 'type=platform&from=2026-13-01&to=2026-06-03'],
    ['an end before the start', 'type=platform&from=2026-06-03&to=2026-06-01'],
    ['an unknown region', `type=platform&${period}&region=atlantis`],
  ])('refuses %s', async (_, query) => {
    const res = await get(query, cast.admin);
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
  });
});
