import { describe, expect, it } from 'vitest';
import { exportStatuses, reportFormats, reportTypes, scheduleRun } from '../../../../common/reports.ts';
import { fileExportTexts as enFiles } from '../../i18n/en/fileExports.ts';
import { reportPageTexts as enPages } from '../../i18n/en/reportPages.ts';
import { en } from '../../i18n/en.ts';
import { fileExportTexts as frFiles } from '../../i18n/fr/fileExports.ts';
import { reportPageTexts as frPages } from '../../i18n/fr/reportPages.ts';
import i18n from '../../i18n/index.ts';
import '../../i18n/report-pages.ts';
import '../../i18n/file-exports.ts';

describe('reports texts', () => {
  it.each([
    ['fr', frPages, frFiles],
    ['en', enPages, enFiles],
  ] as const)('%s names every report type, format and status', (_locale, { reports }, { fileExport }) => {
    const missing = (group: Record<string, string>, codes: readonly string[]) =>
      codes.filter((code) => !group[code]?.trim());
    expect([
      ...missing(reports.types, reportTypes),
      ...missing(reports.formats, reportFormats),
      ...missing(fileExport.formats, reportFormats),
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

  it('the French words of the files and their errors are there once their code has loaded them', () => {
    const t = i18n.getFixedT('fr');
    expect(t('fileExport.cancel')).toBe('Annuler');
    expect(t('fileExport.list.menu')).toBe('Exporter');
    expect(t('errors.EXPORT_NOT_CANCELLABLE')).toContain('déjà terminé');
  });

  it('English carries the reports texts with the rest of English', () => {
    expect((en as unknown as typeof enPages).reports).toBe(enPages.reports);
    expect((en as unknown as typeof enFiles).fileExport).toBe(enFiles.fileExport);
  });
});
