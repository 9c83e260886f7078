import i18next, { type i18n as I18n, type Resource } from 'i18next';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import app from './index.ts';
import { answerPlainTextsDirectly } from './plain-texts.ts';

/** Every feature's texts added to the app's catalogue, and English loaded, as a visitor who used them all. */
await Promise.all(Object.values(import.meta.glob(['./*.ts', '!./*.test.ts'])).map((load) => load()));
const { en } = await import('./en.ts');
app.addResourceBundle('en', 'translation', en, true, false);

const options = { fallbackLng: 'fr', interpolation: { escapeValue: false } } as const;

/** An i18next instance as the app sets one up, without the direct answers: what they must agree with. */
async function reference(resources: Resource, lng: string): Promise<I18n> {
  const instance = i18next.createInstance();
  await instance.init({ ...options, resources: structuredClone(resources), lng });
  return instance;
}

/** The keys of every text of a catalogue, as `a.b.c`. */
function keysOf(node: object, prefix = ''): string[] {
  return Object.entries(node).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' ? keysOf(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe('texts answered straight from the catalogue', () => {
  const resources: Resource = {
    fr: {
      translation: {
        title: 'Tableau de bord',
        hello: 'Bonjour {{name}}',
        nested: 'Voir $t(title)',
        onlyFr: 'Seul',
      },
    },
    en: { translation: { title: 'Dashboard', hello: 'Hello {{name}}', nested: 'See $t(title)' } },
  };
  let i18n: I18n;
  beforeEach(async () => {
    i18n = await reference(resources, 'fr');
    answerPlainTextsDirectly(i18n);
  });

  it('gives a plain text as i18next does', () => {
    expect(i18n.t('title')).toBe('Tableau de bord');
  });

  it('asks i18next nothing for a plain text, by the instance’s t or a fixed one', () => {
    const { translator } = i18n as unknown as { translator: { translate: () => unknown } };
    const translate = vi.spyOn(translator, 'translate');
    i18n.t('title');
    i18n.getFixedT('fr', 'translation')('title');
    expect(translate).not.toHaveBeenCalled();
    i18n.t('hello', { name: 'Ana' });
    expect(translate).toHaveBeenCalledOnce();
  });

  it('leaves interpolation and nesting to i18next', () => {
    expect(i18n.t('hello', { name: 'Ana' })).toBe('Bonjour Ana');
    expect(i18n.t('nested')).toBe('Voir Tableau de bord');
  });

  it('leaves a key missing in the language to i18next, which falls back to French', async () => {
    await i18n.changeLanguage('en');
    expect(i18n.t('onlyFr')).toBe('Seul');
  });

  it('answers an unknown key with the key, as i18next does', () => {
    expect(i18n.t('nowhere.to.be.found')).toBe('nowhere.to.be.found');
  });

  it('follows a change of language', async () => {
    await i18n.changeLanguage('en');
    expect(i18n.t('title')).toBe('Dashboard');
  });

  it('gives a fixed t its own language, whatever the instance’s', () => {
    expect(i18n.getFixedT('en')('title')).toBe('Dashboard');
    expect(i18n.getFixedT(null, 'translation')('title')).toBe('Tableau de bord');
  });

  it.each(['fr', 'en'])('gives every text of the app in %s as i18next does', async (lng) => {
    await app.changeLanguage(lng);
    const plain = await reference(app.store.data, lng);
    const keys = keysOf(app.store.data[lng]!.translation as object);
    expect(keys.length).toBeGreaterThan(1000);
    const fixed = app.getFixedT(lng, 'translation');
    for (const key of keys) {
      const expected = plain.t(key);
      expect([key, app.t(key), fixed(key)]).toEqual([key, expected, expected]);
    }
  });
});
