import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.ts';
import { fr } from './fr.ts';

export const locales = ['fr', 'en'] as const;
export type Locale = (typeof locales)[number];
const storageKey = 'ft.locale';

function initialLocale(): Locale {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(storageKey);
  return stored === 'en' ? 'en' : 'fr';
}

i18n.use(initReactI18next).init({
  resources: { fr: { translation: fr }, en: { translation: en } },
  lng: initialLocale(),
  fallbackLng: 'fr',
  interpolation: { escapeValue: false },
});

export function setLocale(locale: Locale) {
  localStorage.setItem(storageKey, locale);
  document.documentElement.lang = locale;
  void i18n.changeLanguage(locale);
}

if (typeof document !== 'undefined') document.documentElement.lang = i18n.language;

export default i18n;
