import '../../i18n/document-pages.ts';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type {
  ChecklistItem,
  DocumentCategory,
  DocumentRequest,
  DocumentSummary,
} from '../../../../common/documents.ts';
import { useUser } from '../../lib/session.tsx';
import { Button, focusRing } from '../../ui/Button.tsx';
import { Card, ErrorAlert, LoadingRows, Notice } from '../../ui/Feedback.tsx';
import { Checklist } from './Checklist.tsx';
import { DocumentList } from './DocumentList.tsx';
import { useDossierDocuments } from './documents.api.ts';
import { useDocumentFormat } from './format.ts';
import { RequestDialog } from './RequestDialog.tsx';
import { RequestList } from './RequestList.tsx';
import { UploadDialog, type UploadPurpose } from './UploadDialog.tsx';
import { UploadForm } from './UploadForm.tsx';
import { UploadList } from './UploadList.tsx';
import { useUploads } from './useUploads.ts';

const toSend = (item: ChecklistItem) =>
  item.state === 'missing' || item.state === 'requested' || item.state === 'rejected';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-3">
      <h3 className="text-base font-semibold">{title}</h3>
      {children}
    </section>
  );
}

/**
 * The documents panel of the dossier page: what the dossier needs (checklist), what is asked of the client, the
 * uploads, the documents with their versions and reviews, and the expert's requests.
 */
export function DossierDocuments({ dossierId }: { dossierId: string }) {
  const { t } = useTranslation();
  const reader = useUser();
  const { categoryName } = useDocumentFormat();
  const query = useDossierDocuments(dossierId);
  const uploads = useUploads();
  const [category, setCategory] = useState<DocumentCategory | null>(null);
  const [purpose, setPurpose] = useState<UploadPurpose | null>(null);
  const [requesting, setRequesting] = useState<DocumentCategory | null>(null);
  const [done, setDone] = useState<string | null>(null);

  if (query.isPending)
    return (
      <Card>
        <LoadingRows rows={2} />
      </Card>
    );
  if (query.isError)
    return (
      <Card>
        <ErrorAlert error={query.error} />
      </Card>
    );
  const { checklist, documents, requests, can } = query.data;
  const open = requests.filter((r) => r.status === 'open');
  const firstToSend = checklist.find(toSend)?.category ?? 'other';

  const answer = (request: DocumentRequest) =>
    setPurpose({
      title: t('documents.upload.answerTitle', { category: categoryName(request.category) }),
      note: request.note,
      target: { dossierId, category: request.category, requestId: request.id },
      multiple: true,
    });
  const newVersion = (document: DocumentSummary) =>
    setPurpose({
      title: t('documents.upload.versionTitle', { title: document.title }),
      target: { dossierId, category: document.category, documentId: document.id },
    });
  const add = (item: ChecklistItem) => {
    const request = open.find((r) => r.id === item.openRequestId);
    const rejected = documents.find((d) => item.state === 'rejected' && d.category === item.category);
    if (request) return answer(request);
    if (rejected) return newVersion(rejected);
    setPurpose({
      title: t('documents.upload.addTitle', { category: categoryName(item.category) }),
      target: { dossierId, category: item.category },
      multiple: true,
    });
  };

  return (
    <Card>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-lg font-semibold">{t('documents.panelTitle')}</h2>
        <Link
          to={`/documents?dossierId=${dossierId}`}
          className={`text-sm text-blue-700 underline ${focusRing}`}
        >
          {t('documents.searchDossier')}
        </Link>
      </div>
      <div className="space-y-6">
        {done && <Notice tone="success">{done}</Notice>}
        {!can.request && open.length > 0 && (
          <Section title={t('documents.requests.clientTitle')}>
            <RequestList requests={open} mode="answer" onAnswer={can.upload ? answer : undefined} />
          </Section>
        )}
        <Section title={t('documents.checklist.title')}>
          <Checklist
            checklist={checklist}
            onAdd={can.upload ? add : undefined}
            onRequest={can.request ? (item) => setRequesting(item.category) : undefined}
          />
        </Section>
        {can.upload && (
          <Section title={t('documents.upload.title')}>
            <UploadForm
              dossierId={dossierId}
              checklist={checklist}
              category={category ?? firstToSend}
              onCategoryChange={setCategory}
              uploads={uploads}
            />
          </Section>
        )}
        <UploadList uploads={uploads} />
        <Section title={t('documents.list.title')}>
          {documents.length === 0 ? (
            <p className="text-sm text-slate-600">{t('documents.list.empty')}</p>
          ) : (
            <DocumentList documents={documents} can={can} reader={reader} onNewVersion={newVersion} />
          )}
        </Section>
        {can.request && (
          <Section title={t('documents.requests.title')}>
            <Button variant="secondary" onClick={() => setRequesting(firstToSend)}>
              {t('documents.requests.create')}
            </Button>
            {requests.length === 0 ? (
              <p className="text-sm text-slate-600">{t('documents.requests.none')}</p>
            ) : (
              <RequestList requests={requests} mode="manage" />
            )}
          </Section>
        )}
      </div>
      <UploadDialog purpose={purpose} uploads={uploads} onClose={() => setPurpose(null)} />
      {can.request && (
        <RequestDialog
          dossierId={dossierId}
          open={requesting !== null}
          category={requesting ?? firstToSend}
          onClose={() => setRequesting(null)}
          onDone={() => setDone(t('documents.requests.created'))}
        />
      )}
    </Card>
  );
}
