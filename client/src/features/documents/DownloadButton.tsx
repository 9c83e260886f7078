import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { DocumentVersion } from '../../../../common/documents.ts';
import { Button } from '../../ui/Button.tsx';
import { useErrorMessage } from '../../ui/Feedback.tsx';
import { downloadVersion } from './documents.api.ts';

type Props = { documentId: string; version: DocumentVersion; size?: 'sm' | 'md' };

/** Downloads a version (through a short-lived signed link); a failure shows beside the button. */
export function DownloadButton({ documentId, version, size = 'md' }: Props) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const download = useMutation({
    mutationFn: () => downloadVersion(documentId, version.id, version.filename),
  });
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Button
        size={size}
        variant="secondary"
        busy={download.isPending}
        aria-label={t('documents.actions.downloadOf', { name: version.filename, version: version.version })}
        onClick={() => download.mutate()}
      >
        {t('documents.actions.download')}
      </Button>
      {download.isError && (
        <span role="alert" className="text-xs text-red-700">
          {message(download.error)}
        </span>
      )}
    </span>
  );
}
