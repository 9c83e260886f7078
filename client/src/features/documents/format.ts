import { useTranslation } from 'react-i18next';
import {
  type DocumentCategory,
  documentCategories,
  documentCategoryName,
} from '../../../../common/document-categories.ts';
import { numberFormat } from '../../lib/intl.ts';

const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** A file size in the reader's language and units (« 1,5 Mo », "1.5 MB"). */
export function formatSize(bytes: number, locale: string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return numberFormat(locale === 'en' ? 'en-GB' : 'fr-FR', {
    style: 'unit',
    unit: units[unit],
    unitDisplay: unit === 0 ? 'long' : 'short',
    maximumFractionDigits: unit === 0 ? 0 : 1,
  }).format(value);
}

/** Names categories and sizes in the reader's language. */
export function useDocumentFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'fr';
  return {
    categoryName: (code: string) => documentCategoryName(code, locale),
    size: (bytes: number) => formatSize(bytes, locale),
    /** Every category as select options, sorted by name in the reader's language ("other" last). */
    categoryOptions: (
      codes: readonly DocumentCategory[] = Object.keys(documentCategories) as DocumentCategory[],
    ) =>
      codes
        .map((code) => ({ value: code, label: documentCategoryName(code, locale) }))
        .sort((a, b) =>
          a.value === 'other' ? 1 : b.value === 'other' ? -1 : a.label.localeCompare(b.label, locale),
        ),
  };
}
