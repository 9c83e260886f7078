import { memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { expertSorts } from '../../../../common/expert-sorts.ts';
import type { ExpertCard, ExpertFacets } from '../../../../common/experts.ts';
import { languages, type Region, regionNames, regions } from '../../../../common/reference.ts';
import { TYPING_PAUSE_MS, useDebouncedCallback } from '../../lib/useDebounced.ts';
import { useProductName, useProducts } from '../../shared/products.api.ts';
import { Button } from '../../ui/Button.tsx';
import { EmptyState, ErrorAlert, PageHeader, Skeleton } from '../../ui/Feedback.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { HydrateLater } from '../../ui/HydrateLater.tsx';
import { LoadMore } from '../../ui/LoadMore.tsx';
import { ExpertCardView } from './ExpertCardView.tsx';
import { useExpertSearch } from './experts.api.ts';
import { activeFilterCount, paramsFromUrl, withCurrentParam, withoutFilters } from './searchParams.ts';

/** A filter value's count; undefined while the counts are loading or were not computed (the server may skip them). */
const countOf = (buckets: { value: string; count: number }[] | undefined, value: string) =>
  buckets ? (buckets.find((b) => b.value === value)?.count ?? 0) : undefined;

const Filters = memo(function Filters({ facets }: { facets: ExpertFacets | null | undefined }) {
  const { t } = useTranslation();
  const [url, setUrl] = useSearchParams();
  const products = useProducts();
  const set = (key: string, value: string | string[] | null) =>
    // flushSync: a controlled checkbox shows its new state at once instead of after the navigation's transition.
    setUrl(withCurrentParam(key, value), { replace: true, flushSync: true });
  const selectedProducts = url.getAll('product');
  const withCount = (label: string, count: number | undefined) =>
    count === undefined ? label : `${label} (${count})`;

  return (
    <div className="space-y-5">
      <SelectField
        label={t('auth.region')}
        value={url.get('region') ?? ''}
        placeholder={t('common.all')}
        options={
          facets
            ? facets.regions.map((b) => ({
                value: b.value,
                label: withCount(regionNames[b.value as Region] ?? b.value, b.count),
              }))
            : regions.map((r) => ({ value: r, label: regionNames[r] }))
        }
        onChange={(e) => set('region', e.target.value)}
      />
      <SelectField
        label={t('marketplace.language')}
        value={url.get('language') ?? ''}
        placeholder={t('common.all')}
        options={languages.map((l) => ({
          value: l,
          label: withCount(t(`languages.${l}`), countOf(facets?.languages, l)),
        }))}
        onChange={(e) => set('language', e.target.value)}
      />
      <SelectField
        label={t('marketplace.minRating')}
        value={url.get('minRating') ?? ''}
        placeholder={t('common.all')}
        options={['4', '3', '2'].map((r) => ({
          value: r,
          label: withCount(
            t('marketplace.starsAndMore', { count: Number(r) }),
            countOf(facets?.minRating, r),
          ),
        }))}
        onChange={(e) => set('minRating', e.target.value)}
      />
      <SelectField
        label={t('marketplace.minYears')}
        value={url.get('minYears') ?? ''}
        placeholder={t('common.all')}
        options={['3', '5', '10', '15'].map((y) => ({
          value: y,
          label: t('marketplace.yearsAndMore', { count: Number(y) }),
        }))}
        onChange={(e) => set('minYears', e.target.value)}
      />
      <TextField
        label={t('marketplace.maxCommission')}
        type="number"
        min={0}
        max={100}
        inputMode="numeric"
        value={url.get('maxCommission') ?? ''}
        onChange={(e) => set('maxCommission', e.target.value)}
      />
      <div className="space-y-2 text-sm">
        {(['available', 'verified'] as const).map((key) => (
          <label key={key} className="flex cursor-pointer items-center gap-2">
            <input
              type="checkbox"
              className="accent-blue-700"
              checked={url.get(key) === 'true'}
              onChange={(e) => set(key, e.target.checked ? 'true' : null)}
            />
            <span className="flex-1">{t(`marketplace.only.${key}`)}</span>
            <span className="text-xs text-slate-500">{countOf(facets?.[key], 'true') ?? ''}</span>
          </label>
        ))}
      </div>
      {/* Last: the catalogue arrives after the first paint, and growing here moves no other filter. */}
      <fieldset>
        <legend className="mb-2 text-sm font-semibold">{t('marketplace.products')}</legend>
        <div className="space-y-1.5">
          {(products.data ?? []).map((p) => {
            const checked = selectedProducts.includes(p.code);
            return (
              <label key={p.code} className="flex cursor-pointer items-start gap-2 text-sm">
                <input
                  type="checkbox"
                  className="mt-0.5 accent-blue-700"
                  checked={checked}
                  onChange={() =>
                    set(
                      'product',
                      checked ? selectedProducts.filter((c) => c !== p.code) : [...selectedProducts, p.code],
                    )
                  }
                />
                <span className="flex-1">{p.name}</span>
                <span className="text-xs text-slate-500">{countOf(facets?.products, p.code) ?? ''}</span>
              </label>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
});

/** The results, rendered again only when they change (not on each key typed in the search box). */
const ExpertCards = memo(function ExpertCards({
  experts,
  dossier,
}: {
  experts: ExpertCard[];
  dossier: string | null;
}) {
  const productName = useProductName();
  return (
    <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
      {experts.map((e) => (
        <HydrateLater key={e.id}>
          <li>
            <ExpertCardView
              expert={e}
              href={`/experts/${e.id}${dossier ? `?dossier=${dossier}` : ''}`}
              productName={productName}
            />
          </li>
        </HydrateLater>
      ))}
    </ul>
  );
});

export function MarketplacePage() {
  const { t } = useTranslation();
  const [url, setUrl] = useSearchParams();
  const [q, setQ] = useState(url.get('q') ?? '');
  // The URL holds the search, written once the typing pauses: one request and one rendering of the results per word.
  const searchFor = useDebouncedCallback(
    (typed: string) => setUrl(withCurrentParam('q', typed.trim() || null), { replace: true }),
    TYPING_PAUSE_MS,
  );
  const [drawerOpen, setDrawerOpen] = useState(false);

  const search = useExpertSearch(paramsFromUrl(url));
  const first = search.data?.pages[0];
  const items = useMemo(() => search.data?.pages.flatMap((p) => p.items) ?? [], [search.data]);
  const filters = activeFilterCount(url);

  return (
    <>
      <PageHeader title={t('marketplace.title')} />
      <div className="mb-4 grid gap-3 sm:grid-cols-[1fr_auto]">
        <TextField
          label={t('marketplace.searchLabel')}
          type="search"
          placeholder={t('marketplace.searchPlaceholder')}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            searchFor(e.target.value);
          }}
        />
        <SelectField
          label={t('marketplace.sort')}
          value={url.get('sort') ?? ''}
          placeholder={t('marketplace.sortDefault')}
          options={expertSorts.map((s) => ({ value: s, label: t(`marketplace.sorts.${s}`) }))}
          onChange={(e) => setUrl(withCurrentParam('sort', e.target.value || null), { replace: true })}
        />
      </div>
      <div className="mb-4 flex items-center justify-between gap-3 lg:hidden">
        <Button
          variant="secondary"
          aria-expanded={drawerOpen}
          aria-controls="expert-filters"
          onClick={() => setDrawerOpen(true)}
        >
          {t('marketplace.filters')}
          {filters > 0 && ` (${filters})`}
        </Button>
      </div>
      <div className="grid gap-6 lg:grid-cols-[16rem_1fr]">
        <aside
          id="expert-filters"
          aria-label={t('marketplace.filters')}
          className={`${drawerOpen ? 'fixed inset-0 z-30 overflow-y-auto bg-white p-4' : 'hidden'} lg:static lg:block lg:bg-transparent lg:p-0`}
        >
          <div className="mb-4 flex items-center justify-between lg:hidden">
            <h2 className="text-lg font-semibold">{t('marketplace.filters')}</h2>
            <Button variant="primary" size="sm" onClick={() => setDrawerOpen(false)}>
              {typeof first?.total === 'number'
                ? t('marketplace.showResults', { count: first.total })
                : t('marketplace.showResultsUncounted')}
            </Button>
          </div>
          <HydrateLater>
            <Filters facets={first?.facets} />
          </HydrateLater>
          {filters > 0 && (
            <Button
              className="mt-4"
              variant="ghost"
              size="sm"
              onClick={() => setUrl(withoutFilters(), { replace: true })}
            >
              {t('marketplace.clearFilters')}
            </Button>
          )}
        </aside>
        <section aria-labelledby="results-count" aria-busy={search.isFetching}>
          <p id="results-count" role="status" className="mb-3 text-sm text-slate-600">
            {!first
              ? t('common.loading')
              : first.total === null
                ? t('marketplace.resultCountUnknown')
                : t('marketplace.resultCount', { count: first.total })}
          </p>
          {search.isError && <ErrorAlert error={search.error} />}
          {search.isPending ? (
            <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
              {Array.from({ length: 6 }, (_, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
                <Skeleton key={i} className="h-52" />
              ))}
            </div>
          ) : items.length === 0 ? (
            <EmptyState title={t('marketplace.empty')}>{t('marketplace.emptyHint')}</EmptyState>
          ) : (
            <ExpertCards experts={items} dossier={url.get('dossier')} />
          )}
          <LoadMore query={search} className="mt-4" />
        </section>
      </div>
    </>
  );
}
