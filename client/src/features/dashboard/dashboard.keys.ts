import type { MetricsQuery } from '../../../../common/admin-metrics.ts';

/** Query keys of the admin dashboard; the live updates refresh every period at once through `metrics()`. */
export const dashboardKeys = {
  metrics: () => ['admin', 'metrics'] as const,
  metricsOf: (query: MetricsQuery) => ['admin', 'metrics', query] as const,
};
