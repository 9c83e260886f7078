import { useSearchParams } from 'react-router';
import { type AdminUserSort, adminUserSorts } from '../../../../common/admin-user-sorts.ts';
import type { AdminUserFilters } from '../../../../common/admin-users.ts';
import { regions } from '../../../../common/reference.ts';
import { roles, userStatuses } from '../../../../common/roles.ts';

/** The filters of the users list kept in the URL, so that a link (the dashboard's figures) opens the list filtered. */
const keys = ['role', 'status', 'region', 'product', 'createdFrom', 'createdTo', 'q', 'sort'] as const;
type Key = (typeof keys)[number];

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  values.includes(value as T) ? (value as T) : undefined;
const isoDay = (value: string | null) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined);

export function useUserFilters() {
  const [params, setParams] = useSearchParams();
  const filters: AdminUserFilters & { sort: AdminUserSort } = {
    role: oneOf(roles, params.get('role')),
    status: oneOf(userStatuses, params.get('status')),
    region: oneOf(regions, params.get('region')),
    product: params.get('product') || undefined,
    createdFrom: isoDay(params.get('createdFrom')),
    createdTo: isoDay(params.get('createdTo')),
    q: params.get('q')?.trim() || undefined,
    sort: oneOf(adminUserSorts, params.get('sort')) ?? 'newest',
  };
  /** Sets one filter (empty: removed), replacing the history entry so that Back leaves the list. */
  const set = (key: Key, value: string) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const clear = () => setParams(new URLSearchParams(), { replace: true });
  const filtered = keys.some((key) => key !== 'sort' && params.has(key));
  return { filters, raw: (key: Key) => params.get(key) ?? '', set, clear, filtered };
}
