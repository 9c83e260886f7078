import { useTranslation } from 'react-i18next';
import type { DocumentSummary } from '../../../../common/documents.ts';
import { formatDate } from '../../lib/format.ts';
import { Button } from '../../ui/Button.tsx';
import { ReviewBadge } from './Badges.tsx';
import { DownloadButton } from './DownloadButton.tsx';
import { useDocumentFormat } from './format.ts';
import type { PreviewSubject } from './PreviewDialog.tsx';
import { VersionFacts, VersionHistory } from './VersionHistory.tsx';

/** What a reader may do on one document; each callback opens its dialog. */
export type DocumentActions = {
  onPreview: (subject: PreviewSubject) => void;
  onNewVersion?: (document: DocumentSummary) => void;
  onApprove?: (document: DocumentSummary) => void;
  onReject?: (document: DocumentSummary) => void;
  onDelete?: (document: DocumentSummary) => void;
  onAccessLog?: (document: DocumentSummary) => void;
  /** The document being approved, while its approval is on its way. */
  approving?: string | null;
};

/** One document: its category and status, its current version, its actions and the history of its versions. */
export function DocumentCard({
  document: d,
  actions,
}: {
  document: DocumentSummary;
  actions: DocumentActions;
}) {
  const { t } = useTranslation();
  const { categoryName } = useDocumentFormat();
  const current = d.currentVersion;
  const reviewable = d.status === 'pending';
  const button = (
    label: string,
    onClick: () => void,
    variant: 'primary' | 'secondary' | 'danger' = 'secondary',
  ) => (
    <Button size="sm" variant={variant} aria-label={`${t(label)} : ${d.title}`} onClick={onClick}>
      {t(label)}
    </Button>
  );
  return (
    <li
      data-testid="document"
      data-status={d.status}
      className="space-y-3 rounded-lg border border-slate-200 p-4"
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h4 className="truncate font-medium">{d.title}</h4>
          <p className="text-xs text-slate-600">
            {categoryName(d.category)} · {t('documents.list.version', { version: current.version })}
          </p>
        </div>
        <ReviewBadge status={d.status} />
      </div>
      <VersionFacts version={current} />
      {d.retainedUntil && (
        <p className="text-xs text-slate-600">
          {t('documents.list.retainedUntil', { date: formatDate(d.retainedUntil) })}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        {current.previewable &&
          button('documents.actions.preview', () =>
            actions.onPreview({ documentId: d.id, version: current }),
          )}
        <DownloadButton documentId={d.id} version={current} size="sm" />
        {reviewable && actions.onApprove && (
          <Button
            size="sm"
            aria-label={`${t('documents.actions.approve')} : ${d.title}`}
            busy={actions.approving === d.id}
            onClick={() => actions.onApprove?.(d)}
          >
            {t('documents.actions.approve')}
          </Button>
        )}
        {reviewable &&
          actions.onReject &&
          button('documents.actions.reject', () => actions.onReject?.(d), 'danger')}
        {actions.onNewVersion && button('documents.actions.newVersion', () => actions.onNewVersion?.(d))}
        {actions.onAccessLog && button('documents.actions.accessLog', () => actions.onAccessLog?.(d))}
        {actions.onDelete && button('documents.actions.delete', () => actions.onDelete?.(d))}
      </div>
      <VersionHistory document={d} onPreview={actions.onPreview} />
    </li>
  );
}
