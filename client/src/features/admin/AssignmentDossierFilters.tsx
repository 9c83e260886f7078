import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { type DossierStatus, dossierStatuses } from '../../../../common/dossier-lifecycle.ts';
import { type Region, regionNames, regions } from '../../../../common/reference.ts';
import { formatDate } from '../../lib/format.ts';
import { useProducts } from '../../shared/products.api.ts';
import { focusRing } from '../../ui/Button.tsx';
import { CheckboxGroup, SelectField, TextField } from '../../ui/Field.tsx';
import type { DossierFilters } from '../dossiers/dossiers.keys.ts';

const isoDay = /^\d{4}-\d{2}-\d{2}$/;
/** The list's filters, statuses always a list. */
export type UrlDossierFilters = Omit<DossierFilters, 'status'> & { status?: DossierStatus[] };

type Key = 'q' | 'status' | 'product' | 'region' | 'openedFrom' | 'openedTo' | 'unassigned';

/**
 * The admin dossier list's filters, kept in the URL (the dashboard links to the list with them): `status`
 * (repeatable), `product`, `q`, `region`, `openedFrom`, `openedTo` (Paris days, both included), `unassigned=1`. Values the
 * API would refuse are left out, so that an edited link still shows a list.
 */
export function useDossierUrlFilters() {
  const [params, setParams] = useSearchParams();
  const day = (key: string) => {
    const value = params.get(key);
    return value && isoDay.test(value) ? value : undefined;
  };
  const region = params.get('region');
  const filters: UrlDossierFilters = {
    q: params.get('q')?.slice(0, 100) || undefined,
    status: params
      .getAll('status')
      .filter((s): s is DossierStatus => dossierStatuses.includes(s as DossierStatus)),
    product: params.get('product') || undefined,
    region: regions.includes(region as Region) ? (region as Region) : undefined,
    openedFrom: day('openedFrom'),
    openedTo: day('openedTo'),
    unassigned: params.get('unassigned') === '1' ? '1' : undefined,
  };
  if (!filters.status?.length) filters.status = undefined;
  const set = (key: Key, value: string | string[] | undefined) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete(key);
        for (const v of Array.isArray(value) ? value : value ? [value] : []) next.append(key, v);
        return next;
      },
      { replace: true },
    );
  const clear = () => setParams(new URLSearchParams(), { replace: true });
  return { filters, set, clear };
}

type Props = ReturnType<typeof useDossierUrlFilters>;

/** The filter fields, then one removable chip per active filter. */
export function AssignmentDossierFilters({ filters, set, clear }: Props) {
  const { t } = useTranslation();
  const products = useProducts();
  const productName = (code: string) => products.data?.find((p) => p.code === code)?.name ?? code;
  const chips: { key: Key; value?: string; label: string }[] = [
    ...(filters.status ?? []).map((s) => ({
      key: 'status' as const,
      value: s,
      label: t('dossierFilters.chips.status', { value: t(`status.${s}`) }),
    })),
    ...(filters.product
      ? [
          {
            key: 'product' as const,
            label: t('dossierFilters.chips.product', { value: productName(filters.product) }),
          },
        ]
      : []),
    ...(filters.region
      ? [
          {
            key: 'region' as const,
            label: t('dossierFilters.chips.region', { value: regionNames[filters.region] }),
          },
        ]
      : []),
    ...(filters.openedFrom
      ? [
          {
            key: 'openedFrom' as const,
            label: t('dossierFilters.chips.openedFrom', { value: formatDate(filters.openedFrom) }),
          },
        ]
      : []),
    ...(filters.openedTo
      ? [
          {
            key: 'openedTo' as const,
            label: t('dossierFilters.chips.openedTo', { value: formatDate(filters.openedTo) }),
          },
        ]
      : []),
    ...(filters.unassigned
      ? [{ key: 'unassigned' as const, label: t('dossierFilters.chips.unassigned') }]
      : []),
  ];
  const remove = (chip: (typeof chips)[number]) =>
    set(chip.key, chip.key === 'status' ? filters.status?.filter((s) => s !== chip.value) : undefined);

  return (
    <section aria-label={t('dossierFilters.title')} className="space-y-3">
      <TextField
        label={t('common.search')}
        type="search"
        placeholder={t('dossiers.searchPlaceholder')}
        value={filters.q ?? ''}
        onChange={(e) => set('q', e.target.value || undefined)}
      />
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <SelectField
          label={t('dossierFilters.product')}
          value={filters.product ?? ''}
          placeholder={t('common.all')}
          options={(products.data ?? []).map((p) => ({ value: p.code, label: p.name }))}
          onChange={(e) => set('product', e.target.value || undefined)}
        />
        <SelectField
          label={t('dossierFilters.region')}
          value={filters.region ?? ''}
          placeholder={t('common.all')}
          options={regions.map((r) => ({ value: r, label: regionNames[r] }))}
          onChange={(e) => set('region', e.target.value || undefined)}
        />
        <TextField
          label={t('dossierFilters.openedFrom')}
          type="date"
          value={filters.openedFrom ?? ''}
          onChange={(e) => set('openedFrom', e.target.value || undefined)}
        />
        <TextField
          label={t('dossierFilters.openedTo')}
          type="date"
          value={filters.openedTo ?? ''}
          onChange={(e) => set('openedTo', e.target.value || undefined)}
        />
      </div>
      <details className="rounded-lg border border-slate-200 bg-white p-3">
        <summary className={`cursor-pointer text-sm font-medium ${focusRing}`}>
          {t('dossierFilters.status')}
        </summary>
        <div className="mt-3">
          <CheckboxGroup
            legend={t('dossierFilters.status')}
            name="status"
            options={dossierStatuses.map((s) => ({ value: s, label: t(`status.${s}`) }))}
            value={filters.status ?? []}
            onChange={(value) => set('status', value)}
          />
        </div>
      </details>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="checkbox"
          checked={filters.unassigned === '1'}
          onChange={(e) => set('unassigned', e.target.checked ? '1' : undefined)}
          className="accent-blue-700"
        />
        {t('dossierFilters.unassigned')}
      </label>
      {chips.length > 0 && (
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-sm text-slate-600">{t('dossierFilters.active')}</span>
          <ul className="flex flex-wrap gap-2" aria-label={t('dossierFilters.active')}>
            {chips.map((chip) => (
              <li key={`${chip.key}:${chip.value ?? ''}`}>
                <button
                  type="button"
                  data-testid="filter-chip"
                  onClick={() => remove(chip)}
                  aria-label={t('dossierFilters.remove', { filter: chip.label })}
                  className={`inline-flex items-center gap-1 rounded-full border border-blue-600 bg-blue-50 px-3 py-1 text-sm text-blue-800 ${focusRing}`}
                >
                  {chip.label} <span aria-hidden="true">×</span>
                </button>
              </li>
            ))}
          </ul>
          <button type="button" onClick={clear} className={`text-sm text-blue-800 underline ${focusRing}`}>
            {t('dossierFilters.clear')}
          </button>
        </div>
      )}
    </section>
  );
}
