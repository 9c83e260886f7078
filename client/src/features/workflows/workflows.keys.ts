import type { AlertListQuery } from '../../../../common/alerts.ts';

/** What the alert centre filters by (the query of GET /api/alerts without its cursor and page size). */
export type AlertFilters = Omit<AlertListQuery, 'cursor' | 'limit'>;

/**
 * Query keys of workflows: a dossier's progress (`progress`), the admin's templates (`templates`) and the alerts
 * (`alerts`: the header's counts and the centre's lists, which one raised or resolved alert may all change).
 */
export const workflowKeys = {
  progress: (dossierId: string) => ['workflow', dossierId] as const,
  templates: ['workflow-templates'] as const,
  template: (productCode: string) => ['workflow-templates', productCode] as const,
  diff: (productCode: string, from: number, to: number) =>
    ['workflow-templates', productCode, 'diff', from, to] as const,
  alerts: ['alerts'] as const,
  alertCounts: () => ['alerts', 'counts'] as const,
  alertLists: () => ['alerts', 'list'] as const,
  alertList: (filters: AlertFilters) => ['alerts', 'list', filters] as const,
};
