import { describe, expect, it } from 'vitest';
import { dashboardPageTexts as enPages } from '../../i18n/en/dashboardPages.ts';
import { periodPickerTexts as enPeriod } from '../../i18n/en/periodPicker.ts';
import { en } from '../../i18n/en.ts';
import { dashboardPageTexts as frPages } from '../../i18n/fr/dashboardPages.ts';
import { periodPickerTexts as frPeriod } from '../../i18n/fr/periodPicker.ts';
import i18n from '../../i18n/index.ts';
import '../../i18n/dashboard-pages.ts';
import { presets } from '../../shared/period.ts';
import { groupBys } from './period.ts';

describe('dashboard texts', () => {
  it.each([
    ['fr', frPages, frPeriod],
    ['en', enPages, enPeriod],
  ] as const)('%s names every preset and bucket', (_locale, texts, period) => {
    const named = (group: Record<string, string>, codes: readonly string[]) =>
      codes.filter((code) => !group[code]?.trim());
    expect([
      ...named(period.period.presets, presets),
      ...named(texts.dashboard.period.groupBys, groupBys),
    ]).toEqual([]);
  });

  it('the French texts are there once the page has loaded them, beside the shell’s', () => {
    const t = i18n.getFixedT('fr');
    expect(t('dashboard.kpi.opened')).toBe('Dossiers ouverts');
    expect(t('dashboard.kpi.pendingExperts', { count: 2, value: '2' })).toBe(
      '2 experts en attente de validation',
    );
    expect(t('admin.dashboardNav')).toBe('Tableau de bord');
  });

  it('English carries the dashboard texts with the rest of English', () => {
    expect((en as unknown as typeof enPages).dashboard).toBe(enPages.dashboard);
  });
});
