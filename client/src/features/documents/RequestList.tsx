import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DocumentRequest } from '../../../../common/documents.ts';
import { formatDate } from '../../lib/format.ts';
import { Button, focusRing } from '../../ui/Button.tsx';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { RequestBadge } from './Badges.tsx';
import { useCancelRequest } from './documents.api.ts';
import { useDocumentFormat } from './format.ts';

type Props = {
  requests: DocumentRequest[];
  /** answer: the client's view (send the document); manage: the expert's (cancel an open request). */
  mode: 'answer' | 'manage';
  onAnswer?: (request: DocumentRequest) => void;
  /** Shows each request's dossier, for a list across dossiers. */
  showDossier?: boolean;
};

/** Requests for documents with their note and due date; an overdue one stands out, in words and in red. */
export function RequestList({ requests, mode, onAnswer, showDossier }: Props) {
  const { t } = useTranslation();
  const { categoryName } = useDocumentFormat();
  const cancel = useCancelRequest();
  return (
    <>
      <ErrorAlert error={cancel.error} />
      <ul className="space-y-2">
        {requests.map((r) => {
          const category = categoryName(r.category);
          const late = r.status === 'open' && r.overdue;
          return (
            <li
              key={r.id}
              data-testid="document-request"
              data-overdue={late || undefined}
              className={`flex flex-wrap items-start gap-3 rounded-lg border p-3 ${
                late ? 'border-red-300 bg-red-50' : 'border-slate-200'
              }`}
            >
              <div className="min-w-0 flex-1 basis-56 space-y-1">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{category}</span>
                  <RequestBadge request={r} />
                </div>
                {showDossier && (
                  <Link
                    to={`/dossiers/${r.dossierId}`}
                    className={`text-sm text-blue-700 underline ${focusRing}`}
                  >
                    {t('documents.requests.dossier', { reference: r.dossierReference })}
                  </Link>
                )}
                {r.note && <p className="whitespace-pre-line text-sm text-slate-700">{r.note}</p>}
                <p className="text-xs text-slate-600">
                  {r.dueAt && `${t('documents.requests.due', { date: formatDate(r.dueAt) })} · `}
                  {t('documents.requests.requestedBy', {
                    name: r.requestedBy.name,
                    date: formatDate(r.createdAt),
                  })}
                </p>
              </div>
              {r.status === 'open' && mode === 'answer' && onAnswer && (
                <Button
                  size="sm"
                  aria-label={t('documents.requests.answerOf', { category })}
                  onClick={() => onAnswer(r)}
                >
                  {t('documents.requests.answer')}
                </Button>
              )}
              {r.status === 'open' && mode === 'manage' && (
                <Button
                  size="sm"
                  variant="secondary"
                  aria-label={t('documents.requests.cancelOf', { category })}
                  busy={cancel.isPending && cancel.variables === r.id}
                  onClick={() => cancel.mutate(r.id)}
                >
                  {t('documents.requests.cancel')}
                </Button>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}
