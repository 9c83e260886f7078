import { useTranslation } from 'react-i18next';
import type { ChecklistItem } from '../../../../common/documents.ts';
import { Button } from '../../ui/Button.tsx';
import { ChecklistBadge } from './Badges.tsx';
import { useDocumentFormat } from './format.ts';

type Props = {
  checklist: ChecklistItem[];
  /** Sends the document of a line (missing, requested or rejected); absent when the reader may not upload. */
  onAdd?: (item: ChecklistItem) => void;
  /** Asks the client for the document of a missing line; absent when the reader may not request. */
  onRequest?: (item: ChecklistItem) => void;
};

/** The documents the dossier needs, each with where it stands: missing, requested, pending, approved, rejected. */
export function Checklist({ checklist, onAdd, onRequest }: Props) {
  const { t } = useTranslation();
  const { categoryName } = useDocumentFormat();
  if (checklist.length === 0)
    return <p className="text-sm text-slate-600">{t('documents.checklist.empty')}</p>;
  return (
    <ul className="divide-y divide-slate-100" aria-label={t('documents.checklist.title')}>
      {checklist.map((item) => {
        const name = categoryName(item.category);
        const toSend = item.state === 'missing' || item.state === 'requested' || item.state === 'rejected';
        return (
          <li
            key={item.category}
            data-testid="checklist-item"
            data-state={item.state}
            className="flex flex-wrap items-center gap-x-3 gap-y-2 py-2"
          >
            <span className="min-w-0 flex-1 basis-40">
              <span className="font-medium">{name}</span>
              <span className="ml-2 text-xs text-slate-500">
                {t(item.required ? 'documents.checklist.required' : 'documents.checklist.extra')}
              </span>
            </span>
            <ChecklistBadge state={item.state} />
            {toSend && onAdd && (
              <Button
                size="sm"
                variant="secondary"
                aria-label={t('documents.checklist.addOf', { category: name })}
                onClick={() => onAdd(item)}
              >
                {t('documents.checklist.add')}
              </Button>
            )}
            {item.state === 'missing' && onRequest && (
              <Button
                size="sm"
                variant="secondary"
                aria-label={t('documents.checklist.requestOf', { category: name })}
                onClick={() => onRequest(item)}
              >
                {t('documents.checklist.request')}
              </Button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
