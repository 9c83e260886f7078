import type { z } from 'zod';
import type {
  AuditActor,
  AuditEntry,
  AuditFacets,
  AuditFilters,
  auditListQuery,
} from '../../../common/admin-audit.ts';
import { uuidv7 } from '../../../common/ids.ts';
import type { Page } from '../../../common/pagination.ts';
import { recordAudit } from '../../platform/audit.ts';
import type { AuthUser } from '../../platform/auth-guard.ts';
import { cursorKeys, decodeCursor, fetchLimit, pageOf } from '../../platform/cursor.ts';
import { unprocessable } from '../../platform/errors.ts';
import { type Platform, Service } from '../../platform/service.ts';
import { csvFilename, csvHeader, csvRow } from './audit-log.csv.ts';
import { toAuditEntry } from './audit-log.presenter.ts';
import { auditLogRepo } from './audit-log.repo.ts';

type ListQuery = z.output<typeof auditListQuery>;

export type AuditLogDeps = Pick<Platform, 'db' | 'clock'>;

/** Rows read per query while an export streams: memory stays flat whatever the size of the log. */
const EXPORT_BATCH = 500;
const ACTOR_MATCHES = 10;

/** Refuses filters that select nothing by mistake (the log's pages and every export of it). */
export function checkAuditFilters(f: AuditFilters) {
  if (f.from && f.to && f.from > f.to)
    throw unprocessable('AUDIT_PERIOD_INVALID', 'La fin de la période précède son début');
  if (f.entityId && !f.entityType)
    throw unprocessable('AUDIT_ENTITY_TYPE_REQUIRED', 'Précisez le type de l’entité recherchée');
}

/** The admins' view of every audited action (the routes are admin only), and its CSV export. */
export class AuditLogService extends Service<AuditLogDeps> {
  async list(query: ListQuery): Promise<Page<AuditEntry>> {
    const { cursor, limit, ...filters } = query;
    checkAuditFilters(filters);
    const before = cursor ? decodeCursor(cursor, cursorKeys.timeAndId) : undefined;
    const rows = await auditLogRepo.list(this.deps.db, { ...filters, before, limit: fetchLimit(limit) });
    const page = pageOf(rows, limit, (last) => [last.createdAt.toISOString(), last.id]);
    return { items: page.items.map(toAuditEntry), nextCursor: page.nextCursor };
  }

  async facets(): Promise<AuditFacets> {
    const actions = await auditLogRepo.actions(this.deps.db);
    const entityTypes = await auditLogRepo.entityTypes(this.deps.db);
    return { actions, entityTypes };
  }

  async actors(q: string): Promise<AuditActor[]> {
    const rows = await auditLogRepo.actors(this.deps.db, q, ACTOR_MATCHES);
    return rows.map((u) => ({
      id: u.id,
      name: `${u.firstName} ${u.lastName}`,
      email: u.email,
      role: u.role,
    }));
  }

  /**
   * The rows the filters select, as CSV lines, read batch by batch along the list's own keyset order. The export
   * itself is audited (who took which part of the log) before the first line leaves.
   */
  async export(
    admin: AuthUser,
    filters: AuditFilters,
  ): Promise<{ filename: string; lines: AsyncIterable<string> }> {
    checkAuditFilters(filters);
    const { db, clock } = this.deps;
    const at = clock.now();
    await recordAudit(db, {
      actorId: admin.id,
      action: 'audit.exported',
      entityType: 'audit_export',
      entityId: uuidv7(at.getTime()),
      after: filters,
      at,
    });
    return {
      filename: csvFilename(at),
      lines: exportLines(db, filters),
    };
  }
}

async function* exportLines(db: AuditLogDeps['db'], filters: AuditFilters): AsyncGenerator<string> {
  yield csvHeader();
  let before: [Date, string] | undefined;
  for (;;) {
    const rows = await auditLogRepo.list(db, { ...filters, before, limit: EXPORT_BATCH });
    if (rows.length > 0) yield rows.map((row) => csvRow(toAuditEntry(row))).join('');
    const last = rows.at(-1);
    if (!last || rows.length < EXPORT_BATCH) return;
    before = [last.createdAt, last.id];
  }
}
