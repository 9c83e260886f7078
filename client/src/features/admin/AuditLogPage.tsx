import '../../i18n/audit-pages.ts';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { AuditFilters } from '../../../../common/admin-audit.ts';
import { EmptyState, PageHeader } from '../../ui/Feedback.tsx';
import { lazyPart } from '../../ui/lazyPart.tsx';
import { PagedList } from '../../ui/PagedList.tsx';
import { AuditEntryRow } from './AuditEntryRow.tsx';
import { AuditFilterBar } from './AuditFilterBar.tsx';
import { useAuditLog } from './audit.api.ts';

// The log as a CSV or XLSX file (the reports' exports, with the log's filters), loaded after the page.
const ExportListButton = lazyPart('reports/ExportListButton', () =>
  import('../reports/reports.embeds.ts').then((m) => m.ExportListButton),
);

const filterKeys = ['actorId', 'action', 'entityType', 'entityId', 'from', 'to'] as const;

/** The filters live in the URL, so that a filtered log can be linked to (a user's trail, a dossier's history). */
function filtersOf(params: URLSearchParams): AuditFilters {
  const filters: AuditFilters = {};
  for (const key of filterKeys) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  return filters;
}

/** Every audited action of the platform, newest first, filtered and exported as CSV or XLSX. */
export function AuditLogPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const [actorName, setActorName] = useState<string>();
  const entries = useAuditLog(filters);
  const shownActor =
    actorName ??
    entries.data?.pages.flatMap((p) => p.items).find((e) => e.actor?.id === filters.actorId)?.actor?.name;

  const change = (next: AuditFilters, name?: string) => {
    setActorName(name);
    const search = new URLSearchParams();
    for (const key of filterKeys) if (next[key]) search.set(key, next[key]);
    setParams(search, { replace: true });
  };

  return (
    <>
      <PageHeader title={t('audit.title')}>
        <div className="flex min-h-8 grow basis-full justify-end sm:basis-auto">
          <Suspense fallback={null}>
            <ExportListButton list="audit" filters={filters} variant="buttons" className="justify-end" />
          </Suspense>
        </div>
      </PageHeader>
      <p className="-mt-3 mb-6 max-w-3xl text-sm text-slate-600">{t('audit.lead')}</p>
      <AuditFilterBar filters={filters} actorName={shownActor} onChange={change} />
      <PagedList
        query={entries}
        label={t('audit.title')}
        empty={<EmptyState title={t('audit.empty')} />}
        className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white shadow-sm"
        loadMoreClassName="mt-4"
      >
        {(entry) => <AuditEntryRow key={entry.id} entry={entry} />}
      </PagedList>
    </>
  );
}
