import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AdminUser } from '../../../../common/admin-users.ts';
import type { Page } from '../../../../common/pagination.ts';
import type { ReportDocument, ReportQuery } from '../../../../common/reports.ts';
import { api } from '../../lib/api.ts';
import { reportKeys } from './reports.keys.ts';

/** A report for these parameters; the one on screen stays while the next loads, so that nothing jumps. */
export function useReport(query: ReportQuery, enabled: boolean) {
  return useQuery({
    queryKey: reportKeys.document(query),
    queryFn: ({ signal }) => api<ReportDocument>('/api/reports', { query, signal }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/**
 * The active experts a search finds (the admins' users list), for an admin's pick: one page of them, a query of its
 * own rather than the users page's infinite list, whose modules the app shell would list for this page too.
 */
export function useExperts(q: string) {
  return useQuery({
    queryKey: reportKeys.experts(q),
    queryFn: ({ signal }) =>
      api<Page<AdminUser>>('/api/admin/users', {
        query: { role: 'expert', status: 'active', q, limit: 50 },
        signal,
      }),
    select: (page) => page.items,
    placeholderData: keepPreviousData,
  });
}
