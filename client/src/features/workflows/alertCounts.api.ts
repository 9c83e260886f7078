import { useQuery } from '@tanstack/react-query';
import type { AlertCounts } from '../../../../common/alerts.ts';
import { api } from '../../lib/api.ts';
import { workflowKeys } from './workflows.keys.ts';

/**
 * The reader's alerts still to handle, which the header's badge shows on every page of an expert or admin: apart
 * from alerts.api.ts so that the app shell carries nothing else of the feature.
 */
export function useAlertCounts() {
  return useQuery({
    queryKey: workflowKeys.alertCounts(),
    queryFn: ({ signal }) => api<AlertCounts>('/api/alerts/counts', { signal }),
  });
}
