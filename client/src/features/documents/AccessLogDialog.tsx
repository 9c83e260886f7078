import { useTranslation } from 'react-i18next';
import type { DocumentSummary } from '../../../../common/documents.ts';
import { formatDateTime } from '../../lib/format.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { PagedList } from '../../ui/PagedList.tsx';
import { useAccessLog } from './documents.api.ts';

function AccessLog({ documentId }: { documentId: string }) {
  const { t } = useTranslation();
  const log = useAccessLog(documentId);
  return (
    <PagedList
      query={log}
      empty={<p className="text-sm text-slate-600">{t('documents.accessLog.empty')}</p>}
      className="max-h-[60vh] divide-y divide-slate-100 overflow-y-auto text-sm"
      label={t('documents.accessLog.title')}
      loadMoreClassName="mt-3"
    >
      {(entry) => (
        <li key={entry.id} className="py-2">
          <p>
            {t(`documents.accessLog.action.${entry.action}`)}
            {entry.version !== null && ` · ${t('documents.list.version', { version: entry.version })}`}
            {' · '}
            {entry.user?.name ?? t('documents.accessLog.anonymous')}
          </p>
          <p className="text-xs text-slate-600">
            <time dateTime={entry.at}>{formatDateTime(entry.at)}</time> ·{' '}
            {t(`documents.accessLog.via.${entry.via}`)}
            {entry.ip && ` · ${entry.ip}`}
          </p>
        </li>
      )}
    </PagedList>
  );
}

/** Who viewed or downloaded a document, and when: for the dossier's expert and the admins. */
export function AccessLogDialog({
  document,
  onClose,
}: {
  document: DocumentSummary | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Dialog
      open={document !== null}
      onClose={onClose}
      title={document ? t('documents.accessLog.titleOf', { title: document.title }) : ''}
    >
      {document && <AccessLog documentId={document.id} />}
    </Dialog>
  );
}
