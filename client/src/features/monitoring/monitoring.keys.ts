import type { MonitoringWindow } from '../../../../common/monitoring.ts';

/** Query keys of the performance page. */
export const monitoringKeys = {
  report: (window: MonitoringWindow) => ['admin', 'monitoring', window] as const,
};
