import '../../i18n/audit-pages.ts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { AuditFilters } from '../../../../common/admin-audit.ts';
import { Button } from '../../ui/Button.tsx';
import { EmptyState, ErrorAlert, PageHeader } from '../../ui/Feedback.tsx';
import { PagedList } from '../../ui/PagedList.tsx';
import { AuditEntryRow } from './AuditEntryRow.tsx';
import { AuditFilterBar } from './AuditFilterBar.tsx';
import { downloadAuditCsv, useAuditLog } from './audit.api.ts';

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

/** Every audited action of the platform, newest first, filtered and exported as CSV. */
export function AuditLogPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const [actorName, setActorName] = useState<string>();
  const entries = useAuditLog(filters);
  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const shownActor =
    actorName ??
    entries.data?.pages.flatMap((p) => p.items).find((e) => e.actor?.id === filters.actorId)?.actor?.name;

  const change = (next: AuditFilters, name?: string) => {
    setActorName(name);
    const search = new URLSearchParams();
    for (const key of filterKeys) if (next[key]) search.set(key, next[key]);
    setParams(search, { replace: true });
  };

  const exportCsv = async () => {
    setExporting(true);
    setExportError(null);
    try {
      await downloadAuditCsv(filters);
    } catch (error) {
      setExportError(error);
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <PageHeader title={t('audit.title')}>
        <Button variant="secondary" busy={exporting} onClick={exportCsv}>
          {t('audit.export')}
        </Button>
      </PageHeader>
      <p className="-mt-3 mb-6 max-w-3xl text-sm text-slate-600">{t('audit.lead')}</p>
      {exportError !== null && (
        <div className="mb-4">
          <ErrorAlert error={exportError} />
        </div>
      )}
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
