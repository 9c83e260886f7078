import { describe, expect, it } from 'vitest';
import {
  alertSeverities,
  alertStates,
  alertTypes,
  bannerKinds,
  pauseReasons,
  stepStates,
  workflowTimelineEvents,
} from '../../../common/workflows.ts';
import { workflowPageTexts as enPages } from './en/workflowPages.ts';
import { en } from './en.ts';
import { workflowPageTexts as frPages } from './fr/workflowPages.ts';
import i18n from './index.ts';
import './workflow-pages.ts';

describe('workflow texts', () => {
  it.each([
    ['fr', frPages],
    ['en', enPages],
  ] as const)(
    '%s names every step state, pause reason, timeline event, alert severity, type and state',
    (_locale, texts) => {
      const named = (group: Record<string, string>, codes: readonly string[]) =>
        codes.filter((code) => !group[code]?.trim());
      expect([
        ...named(texts.workflows.states, [...stepStates, 'upcoming', 'not_applicable']),
        ...named(texts.workflows.pauseReasons, pauseReasons),
        ...named(texts.workflows.events, workflowTimelineEvents),
        ...named(texts.alerts.severities, alertSeverities),
        ...named(texts.alerts.types, alertTypes),
        ...named(texts.alerts.texts, alertTypes),
        ...named(texts.alerts.states, alertStates),
      ]).toEqual([]);
    },
  );

  it.each([
    ['fr', frPages],
    ['en', enPages],
  ] as const)('%s has a banner for every kind', (_locale, texts) => {
    const banners = texts.workflows.banners as Record<string, string>;
    expect(bannerKinds.filter((kind) => !banners[kind] && !banners[`${kind}_other`])).toEqual([]);
  });

  it('the French texts and errors are there once a workflow module has loaded them, beside the shell’s', () => {
    const t = i18n.getFixedT('fr');
    expect(t('workflows.complete.action')).toBe('Terminer l’étape');
    expect(t('errors.WORKFLOW_STEPS_PENDING')).toContain('étapes');
    expect(t('errors.NOT_FOUND')).toBe('Élément introuvable.');
  });

  it('English carries the workflow texts with the rest of English', () => {
    expect((en as unknown as typeof enPages).workflows).toBe(enPages.workflows);
  });
});
