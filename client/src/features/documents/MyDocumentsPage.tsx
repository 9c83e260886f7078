import '../../i18n/document-pages.ts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { DocumentRequest } from '../../../../common/documents.ts';
import { useUser } from '../../lib/session.tsx';
import { useDebouncedValue } from '../../lib/useDebounced.ts';
import { Card, EmptyState, PageHeader } from '../../ui/Feedback.tsx';
import { PagedList } from '../../ui/PagedList.tsx';
import { useDocumentSearch, useOpenRequests } from './documents.api.ts';
import type { DocumentSearchFilters } from './documents.keys.ts';
import { useDocumentFormat } from './format.ts';
import { PreviewDialog, type PreviewSubject } from './PreviewDialog.tsx';
import { RequestList } from './RequestList.tsx';
import { SearchFilters } from './SearchFilters.tsx';
import { SearchHit } from './SearchHit.tsx';
import { UploadDialog, type UploadPurpose } from './UploadDialog.tsx';
import { UploadList } from './UploadList.tsx';
import { useUploads } from './useUploads.ts';

const filterNames = ['dossierId', 'category', 'status', 'from', 'to'] as const;

/** A client's open requests across their dossiers, each answered by sending the document from here. */
function AskedOfMe() {
  const { t } = useTranslation();
  const { categoryName } = useDocumentFormat();
  const requests = useOpenRequests();
  const uploads = useUploads();
  const [purpose, setPurpose] = useState<UploadPurpose | null>(null);
  const open = requests.data?.items ?? [];
  if (open.length === 0 && uploads.items.length === 0) return null;
  const answer = (r: DocumentRequest) =>
    setPurpose({
      title: t('documents.upload.answerTitle', { category: categoryName(r.category) }),
      note: r.note,
      target: { dossierId: r.dossierId, category: r.category, requestId: r.id },
      multiple: true,
    });
  return (
    <Card className="mb-6">
      <h2 className="mb-3 text-lg font-semibold">{t('documents.requests.clientTitle')}</h2>
      <div className="space-y-3">
        <RequestList requests={open} mode="answer" onAnswer={answer} showDossier />
        <UploadList uploads={uploads} />
      </div>
      <UploadDialog purpose={purpose} uploads={uploads} onClose={() => setPurpose(null)} />
    </Card>
  );
}

/**
 * "Mes documents": every document the reader may see across their dossiers, searched by a word of its name or of its
 * content (highlighted, with its page), filtered by dossier, category, status and dates; filters live in the URL.
 */
export function MyDocumentsPage() {
  const { t } = useTranslation();
  const reader = useUser();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const words = useDebouncedValue(q.trim());
  const [preview, setPreview] = useState<PreviewSubject | null>(null);

  const filters: DocumentSearchFilters = Object.fromEntries(
    filterNames.flatMap((name) => (params.get(name) ? [[name, params.get(name)]] : [])),
  );
  // The server searches from two characters on.
  if (words.length >= 2) filters.q = words;
  const search = useDocumentSearch(filters);

  const change = (patch: Partial<DocumentSearchFilters>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [name, value] of Object.entries(patch)) {
          if (value) next.set(name, value);
          else next.delete(name);
        }
        return next;
      },
      { replace: true },
    );

  return (
    <>
      <PageHeader title={t('documents.search.title')} />
      {reader.role === 'client' && <AskedOfMe />}
      <Card className="mb-6">
        <SearchFilters
          q={q}
          onQChange={(value) => {
            setQ(value);
            change({ q: value.trim() || undefined });
          }}
          filters={filters}
          onChange={change}
        />
      </Card>
      <PagedList
        query={search}
        empty={<EmptyState title={t(filters.q ? 'documents.search.noMatch' : 'documents.search.empty')} />}
        className="space-y-3"
        label={t('documents.search.results')}
        loadMoreClassName="mt-4 w-full"
      >
        {(hit) => <SearchHit key={`${hit.document.id}:${hit.page ?? ''}`} hit={hit} onPreview={setPreview} />}
      </PagedList>
      <PreviewDialog subject={preview} onClose={() => setPreview(null)} />
    </>
  );
}
