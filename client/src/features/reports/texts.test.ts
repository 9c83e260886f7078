import { describe, expect, it } from 'vitest';
import { exportStatuses, reportFormats, reportTypes, scheduleRun } from '../../../../common/reports.ts';
import { reportPageTexts as enPages } from '../../i18n/en/reportPages.ts';
import { en } from '../../i18n/en.ts';
import { reportPageTexts as frPages } from '../../i18n/fr/reportPages.ts';
import i18n from '../../i18n/index.ts';
import '../../i18n/report-pages.ts';

describe('reports texts', () => {
  it.each([
    ['fr', frPages],
    ['en', enPages],
  ] as const)('%s names every report type, format and status', (_locale, { reports }) => {
    const missing = (group: Record<string, string>, codes: readonly string[]) =>
      codes.filter((code) => !group[code]?.trim());
    expect([
      ...missing(reports.types, reportTypes),
      ...missing(reports.formats, reportFormats),
      ...missing(reports.exports.statuses, exportStatuses),
      ...missing(reports.schedules.runs.statuses, scheduleRun.shape.status.options),
    ]).toEqual([]);
  });

  it('the French texts and errors are there once the page has loaded them, beside the shell’s', () => {
    const t = i18n.getFixedT('fr');
    expect(t('reports.title')).toBe('Rapports');
    expect(t('errors.REPORT_PERIOD_TOO_LONG')).toContain('1 100 jours');
    expect(t('nav.reports')).toBe('Rapports');
  });

  it('English carries the reports texts with the rest of English', () => {
    expect((en as unknown as typeof enPages).reports).toBe(enPages.reports);
  });
});
