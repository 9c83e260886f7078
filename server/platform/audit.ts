import { uuidv7 } from '../../common/ids.ts';
import type { Executor } from '../db/pool.ts';

export type AuditEntry = {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  at: Date;
};

/** Writes one audit row; call it inside the transaction of the change it records. */
export async function recordAudit(db: Executor, entry: AuditEntry) {
  await db
    .insertInto('auditLog')
    .values({
      id: uuidv7(entry.at.getTime()),
      actorId: entry.actorId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
      createdAt: entry.at,
    })
    .execute();
}
