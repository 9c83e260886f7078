import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentSummary, DocumentVersion } from '../../../../common/documents.ts';
import { formatDateTime } from '../../lib/format.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorAlert, LoadingRows } from '../../ui/Feedback.tsx';
import { ReviewBadge } from './Badges.tsx';
import { DownloadButton } from './DownloadButton.tsx';
import { useDocument } from './documents.api.ts';
import { useDocumentFormat } from './format.ts';
import type { PreviewSubject } from './PreviewDialog.tsx';

/** Who sent a version and when, its size, its comment, and where its review stands (who decided, why). */
export function VersionFacts({ version }: { version: DocumentVersion }) {
  const { t } = useTranslation();
  const { size } = useDocumentFormat();
  return (
    <div className="space-y-1 text-sm">
      <p className="text-slate-600">
        {t('documents.list.uploaded', {
          name: version.uploadedBy.name,
          date: formatDateTime(version.createdAt),
        })}
        {' · '}
        {size(version.sizeBytes)}
        {version.extractionStatus !== 'done' && ` · ${t(`documents.extraction.${version.extractionStatus}`)}`}
      </p>
      {version.comment && <p className="whitespace-pre-line text-slate-700">« {version.comment} »</p>}
      {version.reviewedBy && version.reviewedAt && (
        <p className="text-slate-600">
          {t(`documents.review.decided.${version.reviewStatus}`, {
            name: version.reviewedBy.name,
            date: formatDateTime(version.reviewedAt),
          })}
        </p>
      )}
      {version.reviewReason && (
        <p data-testid="review-reason" className="text-red-800">
          {t('documents.review.reasonShown', { reason: version.reviewReason })}
        </p>
      )}
    </div>
  );
}

type Props = { document: DocumentSummary; onPreview: (subject: PreviewSubject) => void };

/** Every version of a document, newest first, each one previewable and downloadable; read when opened. */
export function VersionHistory({ document, onPreview }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const detail = useDocument(document.id, open);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)} className="text-sm">
      <summary className="cursor-pointer font-medium text-blue-700">
        {t('documents.list.history', { count: document.versionCount })}
      </summary>
      <div className="mt-3">
        {detail.isPending && open && <LoadingRows rows={1} />}
        <ErrorAlert error={detail.error} />
        {detail.data && (
          <ol className="space-y-3 border-l border-slate-200 pl-4">
            {[...detail.data.versions]
              .sort((a, b) => b.version - a.version)
              .map((v) => (
                <li key={v.id} data-testid="document-version" className="space-y-1">
                  <div className="flex flex-wrap items-center gap-2">
                    <span className="font-medium">{t('documents.list.version', { version: v.version })}</span>
                    {v.current && (
                      <span className="text-xs text-slate-600">({t('documents.list.current')})</span>
                    )}
                    <ReviewBadge status={v.reviewStatus} />
                    <span className="truncate text-slate-700">{v.filename}</span>
                  </div>
                  <VersionFacts version={v} />
                  <div className="flex flex-wrap gap-2">
                    {v.previewable && (
                      <Button
                        size="sm"
                        variant="secondary"
                        aria-label={t('documents.actions.previewOf', {
                          name: v.filename,
                          version: v.version,
                        })}
                        onClick={() => onPreview({ documentId: document.id, version: v })}
                      >
                        {t('documents.actions.preview')}
                      </Button>
                    )}
                    <DownloadButton documentId={document.id} version={v} size="sm" />
                  </div>
                </li>
              ))}
          </ol>
        )}
      </div>
    </details>
  );
}
