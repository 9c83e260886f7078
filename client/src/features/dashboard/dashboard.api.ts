import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AdminMetrics, MetricsQuery } from '../../../../common/admin-metrics.ts';
import { api } from '../../lib/api.ts';
import { dashboardKeys } from './dashboard.keys.ts';

/**
 * The dashboard's figures for a period. While another period (or a fresher read after a live update) loads, the
 * figures on screen stay, so that nothing jumps.
 */
export function useAdminMetrics(query: MetricsQuery) {
  return useQuery({
    queryKey: dashboardKeys.metricsOf(query),
    queryFn: ({ signal }) => api<AdminMetrics>('/api/admin/metrics', { query, signal }),
    placeholderData: keepPreviousData,
  });
}
