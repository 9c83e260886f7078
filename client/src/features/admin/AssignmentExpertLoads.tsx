import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ExpertLoadSort,
  expertLoadSorts,
  type LoadState,
} from '../../../../common/admin-assignment-sorts.ts';
import { type Region, regionNames, regions } from '../../../../common/reference.ts';
import { useProducts } from '../../shared/products.api.ts';
import { EmptyState } from '../../ui/Feedback.tsx';
import { SelectField } from '../../ui/Field.tsx';
import { PagedList } from '../../ui/PagedList.tsx';
import { useExpertLoads } from './assignments.api.ts';

const stateStyles: Record<LoadState, { badge: string; bar: string }> = {
  available: { badge: 'bg-emerald-50 text-emerald-800', bar: 'bg-emerald-600' },
  full: { badge: 'bg-amber-50 text-amber-900', bar: 'bg-amber-500' },
  overloaded: { badge: 'bg-red-50 text-red-800 font-semibold', bar: 'bg-red-600' },
};

/** The approved experts' active dossiers against their capacity, sortable, by product and region. */
export function AssignmentExpertLoads() {
  const { t } = useTranslation();
  const products = useProducts();
  const [sort, setSort] = useState<ExpertLoadSort>('load_desc');
  const [product, setProduct] = useState('');
  const [region, setRegion] = useState<Region | ''>('');
  const loads = useExpertLoads({ sort, product: product || undefined, region: region || undefined });
  return (
    <div className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-3">
        <SelectField
          label={t('assignments.sort')}
          value={sort}
          options={expertLoadSorts.map((s) => ({ value: s, label: t(`assignments.sorts.${s}`) }))}
          onChange={(e) => setSort(e.target.value as ExpertLoadSort)}
        />
        <SelectField
          label={t('assignments.product')}
          value={product}
          placeholder={t('assignments.all')}
          options={(products.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
          onChange={(e) => setProduct(e.target.value)}
        />
        <SelectField
          label={t('assignments.region')}
          value={region}
          placeholder={t('assignments.all')}
          options={regions.map((r) => ({ value: r, label: regionNames[r] }))}
          onChange={(e) => setRegion(e.target.value as Region | '')}
        />
      </div>
      <PagedList
        query={loads}
        empty={<EmptyState title={t('assignments.noExperts')} />}
        className="space-y-2"
        label={t('assignments.sections.experts')}
      >
        {(e) => {
          const name = `${e.firstName} ${e.lastName}`;
          const percent = Math.min(100, Math.round((e.activeLoad / Math.max(e.capacity, 1)) * 100));
          return (
            <li
              key={e.id}
              data-testid="expert-load"
              data-state={e.state}
              className="rounded-lg border border-slate-200 bg-white p-3"
            >
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="font-medium">{name}</span>
                <span className={`rounded-full px-2 py-0.5 text-xs ${stateStyles[e.state].badge}`}>
                  {t(`assignments.states.${e.state}`)}
                </span>
              </div>
              <p className="text-sm text-slate-600">
                {t('assignments.load', { active: e.activeLoad, capacity: e.capacity })} ·{' '}
                {e.specialties.join(', ')}
              </p>
              {/* The text above says the load; the bar only shows it at a glance. */}
              <div aria-hidden="true" className="mt-2 h-2 overflow-hidden rounded-full bg-slate-100">
                <div className={`h-full ${stateStyles[e.state].bar}`} style={{ width: `${percent}%` }} />
              </div>
            </li>
          );
        }}
      </PagedList>
    </div>
  );
}
