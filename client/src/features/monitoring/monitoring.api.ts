import { useQuery } from '@tanstack/react-query';
import type { MonitoringReport, MonitoringWindow } from '../../../../common/monitoring.ts';
import { api } from '../../lib/api.ts';
import { monitoringKeys } from './monitoring.keys.ts';

/** How often the page asks again while it is shown. */
export const MONITORING_REFRESH_MS = 10_000;

/**
 * This instance's performance figures over the window. A monitoring page may poll (the rest of the app waits for
 * socket events): every 10 s, and only while the tab is visible (TanStack Query pauses intervals in the background).
 */
export function useMonitoring(window: MonitoringWindow) {
  return useQuery({
    queryKey: monitoringKeys.report(window),
    queryFn: ({ signal }) => api<MonitoringReport>('/api/admin/monitoring', { query: { window }, signal }),
    refetchInterval: MONITORING_REFRESH_MS,
    refetchIntervalInBackground: false,
    placeholderData: (previous) => previous,
  });
}
