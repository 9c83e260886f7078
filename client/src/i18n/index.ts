import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { fr } from './fr.ts';
import { answerPlainTextsDirectly } from './plain-texts.ts';

export const locales = ['fr', 'en'] as const;
export type Locale = (typeof locales)[number];
const storageKey = 'ft.locale';

function initialLocale(): Locale {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(storageKey);
  return stored === 'en' ? 'en' : 'fr';
}

const startLocale = initialLocale();
i18n.use(initReactI18next).init({
  resources: { fr: { translation: fr } },
  lng: startLocale,
  fallbackLng: 'fr',
  interpolation: { escapeValue: false },
});
answerPlainTextsDirectly(i18n);

/** French ships with the app; English texts load when a visitor chooses English (or had chosen it). */
async function loadTexts(locale: Locale) {
  if (i18n.hasResourceBundle(locale, 'translation')) return;
  const { en } = await import('./en.ts');
  i18n.addResourceBundle('en', 'translation', en);
}

/** Resolves once the texts of the starting language are there: the app renders after it. */
export const textsReady = loadTexts(startLocale);

/**
 * Chromium restyles the whole document whenever the root's `lang` is set, even to the value it has (the HTML of a
 * page rendered ahead already says it): 8 ms for a dossier's 500 elements on a desktop core, 4 times that on a phone.
 */
function setDocumentLanguage(locale: string) {
  if (document.documentElement.lang !== locale) document.documentElement.lang = locale;
}

export async function setLocale(locale: Locale) {
  localStorage.setItem(storageKey, locale);
  await loadTexts(locale);
  setDocumentLanguage(locale);
  await i18n.changeLanguage(locale);
}

if (typeof document !== 'undefined') setDocumentLanguage(i18n.language);

export default i18n;
