import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { EmailDetail, EmailListItem } from '../../../../common/emails.ts';
import type { Page } from '../../../../common/pagination.ts';
import { api } from '../../lib/api.ts';
import { adminKeys, type EmailFilters } from './admin.keys.ts';

/** Every e-mail the platform sent or keeps in its outbox, newest first. */
export function useEmails(filters: EmailFilters, limit = 20) {
  return useInfiniteQuery({
    queryKey: adminKeys.emailList(filters),
    queryFn: ({ pageParam, signal }) =>
      api<Page<EmailListItem>>('/api/admin/emails', {
        query: { ...filters, limit, cursor: pageParam },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** One e-mail as it was rendered: its HTML and text parts, its headers. */
export function useEmail(id: string | null) {
  return useQuery({
    queryKey: adminKeys.email(id ?? ''),
    queryFn: ({ signal }) => api<EmailDetail>(`/api/admin/emails/${id}`, { signal }),
    enabled: id !== null,
  });
}
