import { useTranslation } from 'react-i18next';
import type { DocumentCategory, DocumentReviewStatus } from '../../../../common/documents.ts';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { useDossierList } from '../dossiers/dossiers.api.ts';
import type { DocumentSearchFilters } from './documents.keys.ts';
import { useDocumentFormat } from './format.ts';

// Listed here rather than imported from common/documents.ts, whose zod schemas would load with the page.
const reviewStatuses = ['pending', 'approved', 'rejected'] as const satisfies readonly DocumentReviewStatus[];

type Props = {
  q: string;
  onQChange: (q: string) => void;
  filters: DocumentSearchFilters;
  onChange: (patch: Partial<DocumentSearchFilters>) => void;
};

/** The words searched for, and the filters: dossier, category, review status, upload dates. */
export function SearchFilters({ q, onQChange, filters, onChange }: Props) {
  const { t } = useTranslation();
  const { categoryOptions } = useDocumentFormat();
  const dossiers = useDossierList({});
  const dossierOptions = (dossiers.data?.pages.flatMap((p) => p.items) ?? []).map((d) => ({
    value: d.id,
    label: `${d.reference} · ${d.product.name}`,
  }));
  if (filters.dossierId && !dossierOptions.some((o) => o.value === filters.dossierId))
    dossierOptions.unshift({ value: filters.dossierId, label: t('documents.search.thisDossier') });

  return (
    <search className="block space-y-3">
      <TextField
        type="search"
        label={t('documents.search.query')}
        placeholder={t('documents.search.placeholder')}
        hint={t('documents.search.hint')}
        value={q}
        maxLength={200}
        onChange={(e) => onQChange(e.target.value)}
      />
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-5">
        <SelectField
          label={t('documents.search.dossier')}
          value={filters.dossierId ?? ''}
          placeholder={t('common.all')}
          options={dossierOptions}
          onChange={(e) => onChange({ dossierId: e.target.value || undefined })}
        />
        <SelectField
          label={t('documents.search.category')}
          value={filters.category ?? ''}
          placeholder={t('common.all')}
          options={categoryOptions()}
          onChange={(e) => onChange({ category: (e.target.value as DocumentCategory) || undefined })}
        />
        <SelectField
          label={t('documents.search.status')}
          value={filters.status ?? ''}
          placeholder={t('common.all')}
          options={reviewStatuses.map((s) => ({ value: s, label: t(`documents.reviewStatus.${s}`) }))}
          onChange={(e) => onChange({ status: (e.target.value as DocumentReviewStatus) || undefined })}
        />
        <TextField
          type="date"
          label={t('documents.search.from')}
          value={filters.from ?? ''}
          onChange={(e) => onChange({ from: e.target.value || undefined })}
        />
        <TextField
          type="date"
          label={t('documents.search.to')}
          value={filters.to ?? ''}
          onChange={(e) => onChange({ to: e.target.value || undefined })}
        />
      </div>
    </search>
  );
}
