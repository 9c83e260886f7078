import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { DocumentSearchHit } from '../../../../common/documents.ts';
import { formatDate } from '../../lib/format.ts';
import { Button, focusRing } from '../../ui/Button.tsx';
import { ReviewBadge } from './Badges.tsx';
import { DownloadButton } from './DownloadButton.tsx';
import { useDocumentFormat } from './format.ts';
import type { PreviewSubject } from './PreviewDialog.tsx';
import { Snippet } from './Snippet.tsx';

type Props = { hit: DocumentSearchHit; onPreview: (subject: PreviewSubject) => void };

/** A document found: where the words were (its name, or a page of its content), and its dossier. */
export function SearchHit({ hit, onPreview }: Props) {
  const { t } = useTranslation();
  const { categoryName, size } = useDocumentFormat();
  const d = hit.document;
  const current = d.currentVersion;
  return (
    <li
      data-testid="search-hit"
      className="space-y-2 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 className="truncate font-medium">{d.title}</h2>
          <p className="text-xs text-slate-600">
            {categoryName(d.category)} · {formatDate(d.updatedAt)} · {size(current.sizeBytes)}
          </p>
        </div>
        <ReviewBadge status={d.status} />
      </div>
      {hit.match && (
        <p className="text-xs font-medium text-slate-600">
          {hit.match === 'content' && hit.page !== null
            ? t('documents.search.foundOnPage', { page: hit.page })
            : t(`documents.search.found.${hit.match}`)}
        </p>
      )}
      {hit.snippet && (
        <p data-testid="search-snippet" className="text-sm text-slate-800">
          <Snippet snippet={hit.snippet} />
        </p>
      )}
      <div className="flex flex-wrap items-center gap-2">
        {current.previewable && (
          <Button
            size="sm"
            variant="secondary"
            aria-label={`${t('documents.actions.preview')} : ${d.title}`}
            onClick={() => onPreview({ documentId: d.id, version: current })}
          >
            {t('documents.actions.preview')}
          </Button>
        )}
        <DownloadButton documentId={d.id} version={current} size="sm" />
        <Link to={`/dossiers/${d.dossierId}`} className={`text-sm text-blue-700 underline ${focusRing}`}>
          {t('documents.search.openDossier', { reference: d.dossierReference })}
        </Link>
      </div>
    </li>
  );
}
