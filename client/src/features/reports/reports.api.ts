import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AdminUser } from '../../../../common/admin-users.ts';
import type { Page } from '../../../../common/pagination.ts';
import type {
  ExportJob,
  ExportRequest,
  ExportStatus,
  ReportDocument,
  ReportQuery,
} from '../../../../common/reports.ts';
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

/** An export still being made: its file is not there yet, and it may be cancelled. */
export const isUnderWay = (status: ExportStatus) => status === 'queued' || status === 'running';

/** The reader's recent exports, followed while one of them is being made. */
export function useExports() {
  return useQuery({
    queryKey: reportKeys.exports(),
    queryFn: ({ signal }) => api<{ items: ExportJob[] }>('/api/exports', { signal }).then((r) => r.items),
    refetchInterval: (query) => (query.state.data?.some((job) => isUnderWay(job.status)) ? 2000 : false),
  });
}

/** One export, read every second until its file is ready (or it failed, or was cancelled). */
export function useExportJob(id: string | null) {
  return useQuery({
    queryKey: reportKeys.exportJob(id ?? ''),
    queryFn: ({ signal }) => api<ExportJob>(`/api/exports/${id}`, { signal }),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data && !isUnderWay(query.state.data.status) ? false : 1000),
  });
}

/** After an export is asked for or cancelled: the job as answered, and the list read again. */
function useExportChanged() {
  const queryClient = useQueryClient();
  return (job: ExportJob) => {
    queryClient.setQueryData(reportKeys.exportJob(job.id), job);
    void queryClient.invalidateQueries({ queryKey: reportKeys.exports(), exact: true });
  };
}

export function useStartExport() {
  const changed = useExportChanged();
  return useMutation({
    mutationFn: (request: ExportRequest) => api<ExportJob>('/api/exports', { method: 'POST', body: request }),
    onSuccess: changed,
  });
}

export function useCancelExport() {
  const changed = useExportChanged();
  return useMutation({
    mutationFn: (id: string) => api<ExportJob>(`/api/exports/${id}/cancel`, { method: 'POST' }),
    onSuccess: changed,
  });
}

/** Hands a ready file to the browser: its link is signed for the reader, so a plain download link fetches it. */
export function saveFile(url: string, fileName: string | null) {
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName ?? '' });
  document.body.append(link);
  link.click();
  link.remove();
}
