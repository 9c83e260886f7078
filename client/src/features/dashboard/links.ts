import type { DossierStatus } from '../../../../common/dossier-lifecycle.ts';
import type { Region } from '../../../../common/reference.ts';
import type { Role, UserStatus } from '../../../../common/roles.ts';

/** The filters the admin dossiers list reads from its URL (issue 16's click-through contract). */
export type DossierListFilters = {
  status?: DossierStatus[];
  product?: string;
  region?: Region;
  openedFrom?: string;
  openedTo?: string;
  unassigned?: boolean;
};

/** The filters the admin users list reads from its URL. */
export type UserListFilters = {
  role?: Role;
  status?: UserStatus;
  region?: Region;
  product?: string;
  createdFrom?: string;
  createdTo?: string;
};

function withQuery(path: string, entries: [string, string | undefined][]): string {
  const params = new URLSearchParams();
  for (const [key, value] of entries) if (value) params.append(key, value);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

/** The admin dossiers list, filtered to what a figure of the dashboard counts. */
export function dossiersLink(filters: DossierListFilters): string {
  return withQuery('/admin/dossiers', [
    ...(filters.status ?? []).map((status): [string, string] => ['status', status]),
    ['product', filters.product],
    ['region', filters.region],
    ['openedFrom', filters.openedFrom],
    ['openedTo', filters.openedTo],
    ['unassigned', filters.unassigned ? '1' : undefined],
  ]);
}

/** The admin users list, filtered to what a figure of the dashboard counts. */
export function usersLink(filters: UserListFilters): string {
  return withQuery('/admin/utilisateurs', [
    ['role', filters.role],
    ['status', filters.status],
    ['region', filters.region],
    ['product', filters.product],
    ['createdFrom', filters.createdFrom],
    ['createdTo', filters.createdTo],
  ]);
}

/** The dossiers opened within a period (or a bucket of it). */
export const openedIn = (range: { from: string; to: string }) => ({
  openedFrom: range.from,
  openedTo: range.to,
});
