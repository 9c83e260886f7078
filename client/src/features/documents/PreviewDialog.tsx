import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentVersion } from '../../../../common/documents.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorAlert, LoadingRows } from '../../ui/Feedback.tsx';
import { DownloadButton } from './DownloadButton.tsx';
import { fetchVersionContent } from './documents.api.ts';
import { documentKeys } from './documents.keys.ts';
import { PdfPages } from './PdfPages.tsx';
import { PreviewFailed } from './PreviewFailed.tsx';

export type PreviewSubject = { documentId: string; version: DocumentVersion };

function ImagePreview({ data, alt }: { data: Blob; alt: string }) {
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const objectUrl = URL.createObjectURL(data);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [data]);
  if (failed) return <PreviewFailed />;
  if (!url) return null;
  return (
    <img
      src={url}
      alt={alt}
      onError={() => setFailed(true)}
      className="mx-auto max-h-[70vh] max-w-full rounded"
    />
  );
}

function PreviewContent({ subject }: { subject: PreviewSubject }) {
  const { documentId, version } = subject;
  // The bytes are fetched once per version while the dialog is open; the server logs the view.
  const content = useQuery({
    queryKey: documentKeys.content(version.id),
    queryFn: ({ signal }) => fetchVersionContent(documentId, version.id, signal),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
  });
  if (content.isPending) return <LoadingRows rows={2} />;
  if (content.isError) return <ErrorAlert error={content.error} />;
  if (version.mimeType === 'application/pdf') return <PdfPages data={content.data} />;
  return <ImagePreview data={content.data} alt={version.filename} />;
}

/** A version's pages or image, in a dialog over the dossier: the reader stays where they were. */
export function PreviewDialog({ subject, onClose }: { subject: PreviewSubject | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Dialog
      size="wide"
      open={subject !== null}
      onClose={onClose}
      title={subject ? t('documents.preview.title', { name: subject.version.filename }) : ''}
    >
      {subject && (
        <div className="space-y-4">
          <div className="max-h-[70vh] overflow-y-auto" data-testid="preview">
            <PreviewContent subject={subject} />
          </div>
          <DownloadButton documentId={subject.documentId} version={subject.version} />
        </div>
      )}
    </Dialog>
  );
}
