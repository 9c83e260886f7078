import { describe, expect, it } from 'vitest';
import { statementsUnavailableReasons } from '../../../../common/monitoring.ts';
import { monitoringPageTexts as en } from '../../i18n/en/monitoringPages.ts';
import { monitoringPageTexts as fr } from '../../i18n/fr/monitoringPages.ts';
import { errorLevel, latencyLevel } from './levels.ts';

describe('monitoring levels', () => {
  it.each([
    [120, 'good'],
    [300, 'watch'],
    [1000, 'watch'],
    [1001, 'bad'],
  ] as const)('judges a p95 of %d ms %s', (ms, level) => {
    expect(latencyLevel(ms)).toBe(level);
  });

  it.each([
    [0, 'good'],
    [0.005, 'watch'],
    [0.02, 'bad'],
  ] as const)('judges a 5xx rate of %d %s', (rate, level) => {
    expect(errorLevel(rate)).toBe(level);
  });
});

describe('monitoring texts', () => {
  it.each([
    ['fr', fr],
    ['en', en],
  ] as const)('%s names every source of the slowest queries', (_locale, texts) => {
    const sources = texts.monitoring.queries.source;
    expect(['pg_stat_statements', ...statementsUnavailableReasons].filter((s) => !(s in sources))).toEqual(
      [],
    );
  });
});
