import type { DossierListQuery } from '../../../../common/dossiers.ts';

export type DossierFilters = Omit<DossierListQuery, 'cursor' | 'limit'>;

/** Query keys of the dossiers' cached data; `all` marks every dossier list, summary and detail stale at once. */
export const dossierKeys = {
  all: ['dossiers'] as const,
  lists: () => ['dossiers', 'list'] as const,
  list: (filters: DossierFilters) => ['dossiers', 'list', filters] as const,
  summary: () => ['dossiers', 'summary'] as const,
  detail: (id: string) => ['dossiers', 'detail', id] as const,
};
