import type { ReportQuery } from '../../../../common/reports.ts';

/** Query keys of the reports page: its documents, the experts to pick, the schedules (exports: exports.keys.ts). */
export const reportKeys = {
  document: (query: ReportQuery) => ['reports', 'document', query] as const,
  experts: (q: string) => ['reports', 'experts', q] as const,
  schedules: () => ['reports', 'schedules'] as const,
  runs: (scheduleId: string) => ['reports', 'schedules', scheduleId, 'runs'] as const,
};
