import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ExportJob, ExportRequest, ExportStatus } from '../../../../common/reports.ts';
import { api } from '../../lib/api.ts';
import { exportKeys } from './exports.keys.ts';

// The files the server makes (`/api/exports`): a report's or a list's, asked for, followed, cancelled, downloaded.

/** An export still being made: its file is not there yet, and it may be cancelled. */
export const isUnderWay = (status: ExportStatus) => status === 'queued' || status === 'running';

/** The reader's recent exports, followed while one of them is being made. */
export function useExports() {
  return useQuery({
    queryKey: exportKeys.list(),
    queryFn: ({ signal }) => api<{ items: ExportJob[] }>('/api/exports', { signal }).then((r) => r.items),
    refetchInterval: (query) => (query.state.data?.some((job) => isUnderWay(job.status)) ? 2000 : false),
  });
}

/** One export, read every second until its file is ready (or it failed, or was cancelled). */
export function useExportJob(id: string | null) {
  return useQuery({
    queryKey: exportKeys.job(id ?? ''),
    queryFn: ({ signal }) => api<ExportJob>(`/api/exports/${id}`, { signal }),
    enabled: id !== null,
    refetchInterval: (query) => (query.state.data && !isUnderWay(query.state.data.status) ? false : 1000),
  });
}

/** After an export is asked for or cancelled: the job as answered, and the list read again. */
function useExportChanged() {
  const queryClient = useQueryClient();
  return (job: ExportJob) => {
    queryClient.setQueryData(exportKeys.job(job.id), job);
    void queryClient.invalidateQueries({ queryKey: exportKeys.list(), exact: true });
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
