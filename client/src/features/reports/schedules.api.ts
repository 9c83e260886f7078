import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReportSchedule, ScheduleInput, ScheduleRun } from '../../../../common/reports.ts';
import { api } from '../../lib/api.ts';
import { reportKeys } from './reports.keys.ts';

export function useSchedules() {
  return useQuery({
    queryKey: reportKeys.schedules(),
    queryFn: ({ signal }) =>
      api<{ items: ReportSchedule[] }>('/api/report-schedules', { signal }).then((r) => r.items),
  });
}

/** A change to the schedules, after which their list (and each one's runs) is read again. */
function useScheduleChange<Input, Output>(send: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: reportKeys.schedules() }),
  });
}

export const useCreateSchedule = () =>
  useScheduleChange((input: ScheduleInput) =>
    api<ReportSchedule>('/api/report-schedules', { method: 'POST', body: input }),
  );

/** Pauses a schedule, or resumes it. */
export const useSetScheduleActive = () =>
  useScheduleChange(({ id, active }: { id: string; active: boolean }) =>
    api<ReportSchedule>(`/api/report-schedules/${id}`, { method: 'PATCH', body: { active } }),
  );

export const useDeleteSchedule = () =>
  useScheduleChange((id: string) => api<void>(`/api/report-schedules/${id}`, { method: 'DELETE' }));

/** A schedule's sendings, newest first. */
export function useScheduleRuns(id: string) {
  return useQuery({
    queryKey: reportKeys.runs(id),
    queryFn: ({ signal }) =>
      api<{ items: ScheduleRun[] }>(`/api/report-schedules/${id}/runs`, { signal }).then((r) => r.items),
  });
}
