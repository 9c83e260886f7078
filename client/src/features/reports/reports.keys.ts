import type { ReportQuery } from '../../../../common/reports.ts';

/** Query keys of the reports page: the documents, the experts to pick, the reader's exports, the schedules. */
export const reportKeys = {
  document: (query: ReportQuery) => ['reports', 'document', query] as const,
  experts: (q: string) => ['reports', 'experts', q] as const,
  exports: () => ['reports', 'exports'] as const,
  exportJob: (id: string) => ['reports', 'exports', id] as const,
  schedules: () => ['reports', 'schedules'] as const,
  runs: (scheduleId: string) => ['reports', 'schedules', scheduleId, 'runs'] as const,
};
