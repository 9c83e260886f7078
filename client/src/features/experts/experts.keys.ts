import type { ExpertRequestStatus } from '../../../../common/experts.ts';
import type { ExpertSearchUrl } from './searchParams.ts';

/** Query keys of the marketplace, profiles and reviews. */
export const expertKeys = {
  all: ['experts'] as const,
  searches: () => ['experts', 'search'] as const,
  search: (params: ExpertSearchUrl) => ['experts', 'search', params] as const,
  profile: (id: string) => ['experts', 'profile', id] as const,
  recommended: (dossierId: string) => ['experts', 'recommended', dossierId] as const,
};

/** Query keys of the expert requests (a client asks an expert to take a dossier). */
export const expertRequestKeys = {
  all: ['expert-requests'] as const,
  list: (status?: ExpertRequestStatus) => ['expert-requests', status ?? 'all'] as const,
};
