import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import '../../i18n/my-data.ts';
import { Button } from '../../ui/Button.tsx';
import { Card, ErrorAlert } from '../../ui/Feedback.tsx';
import { downloadMyData } from './auth.api.ts';

/** "My data": the download of everything the platform holds of the user (GDPR portability). */
export function MyDataCard() {
  const { t } = useTranslation();
  const download = useMutation({ mutationFn: downloadMyData });
  return (
    <Card>
      <h2 className="mb-2 text-lg font-semibold">{t('myData.title')}</h2>
      <p className="mb-4 text-sm text-slate-600">{t('myData.text')}</p>
      {download.isError && (
        <div className="mb-4">
          <ErrorAlert error={download.error} />
        </div>
      )}
      <Button variant="secondary" busy={download.isPending} onClick={() => download.mutate()}>
        {t('myData.download')}
      </Button>
    </Card>
  );
}
