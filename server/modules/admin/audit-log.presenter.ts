import type { AuditEntry } from '../../../common/admin-audit.ts';
import type { AuditRow } from './audit-log.repo.ts';

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    actor:
      row.actorId && row.actorEmail && row.actorRole
        ? {
            id: row.actorId,
            name: `${row.actorFirstName} ${row.actorLastName}`,
            email: row.actorEmail,
            role: row.actorRole,
          }
        : null,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    entityLabel: row.entityLabel,
    before: row.before,
    after: row.after,
    createdAt: row.createdAt.toISOString(),
  };
}
