import type { AuditFilters } from '../../../../common/admin-audit.ts';

/** Query keys of the audit log and of the "à traiter" centre. */
export const auditKeys = {
  list: (filters: AuditFilters) => ['admin', 'audit', 'list', filters] as const,
  facets: () => ['admin', 'audit', 'facets'] as const,
  actors: (q: string) => ['admin', 'audit', 'actors', q] as const,
  attention: () => ['admin', 'attention'] as const,
  attentionCount: () => ['admin', 'attention', 'count'] as const,
};
