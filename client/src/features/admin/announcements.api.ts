import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Announcement,
  AnnouncementDetail,
  AnnouncementInput,
  AnnouncementPreview,
  AnnouncementSegment,
} from '../../../../common/announcements.ts';
import type { Page } from '../../../../common/pagination.ts';
import { api } from '../../lib/api.ts';
import { adminKeys } from './admin.keys.ts';

export function useAnnouncements(limit = 20) {
  return useInfiniteQuery({
    queryKey: adminKeys.announcementList(),
    queryFn: ({ pageParam, signal }) =>
      api<Page<Announcement>>('/api/admin/announcements', { query: { limit, cursor: pageParam }, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** One announcement with its delivery statistics, read when the admin opens them. */
export function useAnnouncement(id: string, enabled: boolean) {
  return useQuery({
    queryKey: adminKeys.announcement(id),
    queryFn: ({ signal }) => api<AnnouncementDetail>(`/api/admin/announcements/${id}`, { signal }),
    enabled,
  });
}

/** The exact number of accounts a segment selects now, and a few of their names. */
export function usePreviewSegment() {
  return useMutation({
    mutationFn: (segment: AnnouncementSegment) =>
      api<AnnouncementPreview>('/api/admin/announcements/preview', { method: 'POST', body: { segment } }),
  });
}

export function useSendAnnouncement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: AnnouncementInput) =>
      api<Announcement>('/api/admin/announcements', { method: 'POST', body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.announcements() }),
  });
}

export function useCancelAnnouncement() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<Announcement>(`/api/admin/announcements/${id}/cancel`, { method: 'POST' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: adminKeys.announcements() }),
  });
}
