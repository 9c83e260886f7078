import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentSummary, DossierDocuments } from '../../../../common/documents.ts';
import type { User } from '../../../../common/users.ts';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { ReasonDialog } from '../../ui/ReasonDialog.tsx';
import { useReasonPrompt } from '../../ui/useReasonPrompt.ts';
import { AccessLogDialog } from './AccessLogDialog.tsx';
import { type DocumentActions, DocumentCard } from './DocumentCard.tsx';
import { useDeleteDocument, useReview } from './documents.api.ts';
import { PreviewDialog, type PreviewSubject } from './PreviewDialog.tsx';

/**
 * Whether the reader may delete a document: an admin always (the server asks a reason before the end of retention);
 * a client their own upload while the dossier is open and the document still pending.
 */
function mayDelete(reader: User, document: DocumentSummary, can: DossierDocuments['can']) {
  if (reader.role === 'admin') return true;
  return (
    reader.role === 'client' &&
    can.upload &&
    document.status === 'pending' &&
    document.currentVersion.uploadedBy.id === reader.id
  );
}

type Props = {
  documents: DocumentSummary[];
  can: DossierDocuments['can'];
  reader: User;
  onNewVersion: (document: DocumentSummary) => void;
};

/** The dossier's documents, with their review, deletion, preview and access-log dialogs. */
export function DocumentList({ documents, can, reader, onNewVersion }: Props) {
  const { t } = useTranslation();
  const review = useReview();
  const remove = useDeleteDocument();
  const rejection = useReasonPrompt<DocumentSummary>(review);
  const deletion = useReasonPrompt<DocumentSummary>(remove);
  const [preview, setPreview] = useState<PreviewSubject | null>(null);
  const [accessLog, setAccessLog] = useState<DocumentSummary | null>(null);

  const actions = (document: DocumentSummary): DocumentActions => ({
    onPreview: setPreview,
    onNewVersion: can.upload ? onNewVersion : undefined,
    onApprove: can.review
      ? (d) =>
          review.mutate({ documentId: d.id, versionId: d.currentVersion.id, input: { decision: 'approved' } })
      : undefined,
    onReject: can.review ? rejection.ask : undefined,
    onDelete: mayDelete(reader, document, can) ? deletion.ask : undefined,
    onAccessLog: can.readAccessLog ? setAccessLog : undefined,
    approving:
      review.isPending && review.variables?.input.decision === 'approved'
        ? review.variables.documentId
        : null,
  });

  return (
    <>
      {!rejection.dialog.open && <ErrorAlert error={review.error} />}
      <ul className="space-y-3">
        {documents.map((d) => (
          <DocumentCard key={d.id} document={d} actions={actions(d)} />
        ))}
      </ul>
      <ReasonDialog
        {...rejection.dialog}
        title={t('documents.review.rejectTitle', { title: rejection.subject?.title ?? '' })}
        label={t('documents.review.reason')}
        hint={t('documents.review.reasonHint')}
        required
        onConfirm={() => {
          const d = rejection.subject;
          if (!d) return;
          review.mutate(
            {
              documentId: d.id,
              versionId: d.currentVersion.id,
              input: { decision: 'rejected', reason: rejection.dialog.reason.trim() },
            },
            { onSuccess: rejection.done },
          );
        }}
      />
      <ReasonDialog
        {...deletion.dialog}
        title={t('documents.delete.title', { title: deletion.subject?.title ?? '' })}
        label={t('documents.delete.reason')}
        hint={t(reader.role === 'admin' ? 'documents.delete.adminHint' : 'documents.delete.hint')}
        required={reader.role === 'admin'}
        onConfirm={() => {
          const d = deletion.subject;
          if (!d) return;
          remove.mutate(
            { documentId: d.id, reason: deletion.dialog.reason.trim() || undefined },
            { onSuccess: deletion.done },
          );
        }}
      />
      <PreviewDialog subject={preview} onClose={() => setPreview(null)} />
      <AccessLogDialog document={accessLog} onClose={() => setAccessLog(null)} />
    </>
  );
}
