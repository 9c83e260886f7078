import { useTranslation } from 'react-i18next';
import {
  type DocumentCategory,
  documentCategories,
  documentCategoryName,
} from '../../../../common/document-categories.ts';

/** Every document category as options, named in the reader's language. */
export function useCategoryOptions() {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'fr';
  return (Object.keys(documentCategories) as DocumentCategory[]).map((code) => ({
    value: code,
    label: documentCategoryName(code, locale),
  }));
}
