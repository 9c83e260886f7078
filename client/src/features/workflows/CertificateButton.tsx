import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button.tsx';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { downloadCertificate } from './workflows.api.ts';

/** Downloads the PDF certificate of a step's signature. */
export function CertificateButton({ dossierId, stepId }: { dossierId: string; stepId: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <div className="mt-1 space-y-1">
      <Button
        size="sm"
        variant="secondary"
        busy={busy}
        onClick={() => {
          setBusy(true);
          setError(null);
          downloadCertificate(dossierId, stepId, t('workflows.sign.certificateFile'))
            .catch(setError)
            .finally(() => setBusy(false));
        }}
      >
        {t('workflows.sign.certificate')}
      </Button>
      <ErrorAlert error={error} />
    </div>
  );
}
