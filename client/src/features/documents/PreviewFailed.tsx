import { useTranslation } from 'react-i18next';

export function PreviewFailed() {
  const { t } = useTranslation();
  return (
    <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
      {t('documents.preview.failed')}
    </p>
  );
}
