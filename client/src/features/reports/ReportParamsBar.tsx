import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { type Region, regionNames, regions } from '../../../../common/reference.ts';
import type { ReportType } from '../../../../common/reports.ts';
import type { Role } from '../../../../common/roles.ts';
import { PeriodPicker } from '../../shared/PeriodPicker.tsx';
import { useProducts } from '../../shared/products.api.ts';
import { SelectField } from '../../ui/Field.tsx';
import { ExpertPicker } from './ExpertPicker.tsx';
import { type ReportSelection, reportTypesOf } from './selection.ts';

type Props = {
  role: Role;
  selection: ReportSelection;
  today: string;
  onChange: (selection: ReportSelection) => void;
};

const regionOptions = regions.map((region) => ({ value: region, label: regionNames[region] }));

/** The report's parameters: which report (when the role has several), its scope, its period. */
export function ReportParamsBar({ role, selection, today, onChange }: Props) {
  const { t } = useTranslation();
  const titleId = useId();
  const products = useProducts();
  const types = reportTypesOf[role];
  const set = (change: Partial<ReportSelection>) => onChange({ ...selection, ...change });
  return (
    <section
      aria-labelledby={titleId}
      className="mb-6 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
      data-testid="report-params"
    >
      <h2 id={titleId} className="sr-only">
        {t('reports.params.title')}
      </h2>
      <div className="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {types.length > 1 && (
          <SelectField
            label={t('reports.params.type')}
            value={selection.type}
            options={types.map((type) => ({ value: type, label: t(`reports.types.${type}`) }))}
            onChange={(e) => set({ type: e.target.value as ReportType, expertId: undefined })}
          />
        )}
        <SelectField
          label={t('reports.params.product')}
          placeholder={t('reports.params.allProducts')}
          value={selection.productCode ?? ''}
          options={(products.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
          onChange={(e) => set({ productCode: e.target.value || undefined })}
        />
        {role !== 'client' && (
          <SelectField
            label={t('reports.params.region')}
            placeholder={t('reports.params.allRegions')}
            value={selection.region ?? ''}
            options={regionOptions}
            onChange={(e) => set({ region: (e.target.value || undefined) as Region | undefined })}
          />
        )}
        {role === 'admin' && selection.type === 'expert' && (
          <ExpertPicker expertId={selection.expertId} onChange={(expertId) => set({ expertId })} />
        )}
      </div>
      <PeriodPicker range={selection.range} today={today} onChange={(range) => set({ range })} />
    </section>
  );
}
