import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type DossierStatus, dossierStatuses } from '../../../../common/dossier-lifecycle.ts';
import type { Dossier } from '../../../../common/dossiers.ts';
import { formatCents, formatDate } from '../../lib/format.ts';
import { useDebouncedValue } from '../../lib/useDebounced.ts';
import { useProducts } from '../../shared/products.api.ts';
import { focusRing } from '../../ui/Button.tsx';
import { EmptyState, ProgressBar } from '../../ui/Feedback.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { lazyPart } from '../../ui/lazyPart.tsx';
import { PagedList } from '../../ui/PagedList.tsx';
import { useDossierList } from './dossiers.api.ts';
import type { DossierFilters } from './dossiers.keys.ts';
import { StatusBadge } from './StatusBadge.tsx';

// The list as a CSV or XLSX file (the reports' exports, with the list's filters), loaded after the page.
const ExportListButton = lazyPart('reports/ExportListButton', () =>
  import('../reports/reports.embeds.ts').then((m) => m.ExportListButton),
);

type Props = {
  emptyText: string;
  /** Extra content per row (the admin's assign button). */
  actions?: (dossier: Dossier) => React.ReactNode;
  showCompany?: boolean;
};

export function DossierList({ emptyText, actions, showCompany = false }: Props) {
  const { t } = useTranslation();
  const products = useProducts();
  const [status, setStatus] = useState<DossierStatus | ''>('');
  const [product, setProduct] = useState('');
  const [q, setQ] = useState('');
  const query = useDebouncedValue(q.trim());
  const filters: DossierFilters = {
    status: status || undefined,
    product: product || undefined,
    q: query || undefined,
  };
  const filtered = Boolean(status || product || query);

  return (
    <div className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField
          label={t('common.search')}
          type="search"
          placeholder={t('dossiers.searchPlaceholder')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <SelectField
          label={t('dossiers.filterStatus')}
          value={status}
          placeholder={t('common.all')}
          options={dossierStatuses.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          onChange={(e) => setStatus(e.target.value as DossierStatus | '')}
        />
        <SelectField
          label={t('dossiers.filterProduct')}
          value={product}
          placeholder={t('common.all')}
          options={(products.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
          onChange={(e) => setProduct(e.target.value)}
        />
      </div>
      {/* As tall as the button before it arrives, so that the list below does not move. */}
      <div className="flex min-h-8 justify-end">
        <Suspense fallback={null}>
          <ExportListButton list="dossiers" filters={filters} />
        </Suspense>
      </div>
      <DossierResults
        filters={filters}
        filtered={filtered}
        emptyText={emptyText}
        actions={actions}
        showCompany={showCompany}
      />
    </div>
  );
}

/** The dossiers matching `filters`, page by page, each with its progress, amount, expert and `actions`. */
export function DossierResults({
  filters,
  filtered,
  emptyText,
  actions,
  showCompany = false,
}: Props & { filters: DossierFilters; filtered: boolean }) {
  const { t } = useTranslation();
  const list = useDossierList(filters);
  return (
    <PagedList
      query={list}
      empty={
        <EmptyState title={filtered ? t('admin.noDossiers') : t('dossiers.empty')}>
          {!filtered && emptyText}
        </EmptyState>
      }
      className="space-y-3"
      label={t('dossiers.title')}
    >
      {(d) => (
        <li
          key={d.id}
          data-testid="dossier-row"
          className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
        >
          <div className="flex flex-wrap items-start justify-between gap-2">
            <div className="min-w-0">
              <Link
                to={`/dossiers/${d.id}`}
                className={`font-medium text-blue-800 hover:underline ${focusRing}`}
              >
                {d.product.name}
              </Link>
              <p className="text-xs text-slate-500">
                {d.reference}
                {showCompany && ` · ${d.company.name}`} ·{' '}
                {t('dossiers.updated', { date: formatDate(d.updatedAt) })}
              </p>
            </div>
            <StatusBadge status={d.status} />
          </div>
          <div className="mt-3 grid items-center gap-3 text-sm sm:grid-cols-[1fr_auto_auto]">
            <ProgressBar value={d.progress} label={t('dossiers.progress')} />
            <span className="text-slate-600">
              {d.obtainedCents !== null
                ? `${t('dossiers.obtained')} ${formatCents(d.obtainedCents)}`
                : `${t('dossiers.estimated')} ${formatCents(d.estimatedCents)}`}
            </span>
            <span className="text-slate-600">
              {d.expert ? `${d.expert.firstName} ${d.expert.lastName}` : t('dossiers.noExpert')}
            </span>
          </div>
          {actions && <div className="mt-3 flex flex-wrap gap-2">{actions(d)}</div>}
        </li>
      )}
    </PagedList>
  );
}
