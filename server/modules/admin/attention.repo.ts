import { sql } from 'kysely';
import type { AttentionKind } from '../../../common/admin-audit.ts';
import type { Executor } from '../../db/pool.ts';

/**
 * What waits for an admin, read across the platform's tables. Each predicate below is the one of a partial index of
 * migration 021: the counts and the oldest dates are index-only scans, the first items an index range.
 */
const breachedTypes = ['sla_breached', 'sla_escalated'] as const;
const handlingStates = ['open', 'acknowledged'] as const;

/** One waiting thing, as the centre lists it. */
export type WaitingRow = { id: string; label: string; detail: string | null; since: Date; target: string };

export const attentionRepo = {
  /** For each kind, how many wait and since when the oldest does. */
  counts: (db: Executor) =>
    sql<{ kind: AttentionKind; count: number; oldest: Date | null }>`
      SELECT 'experts_pending' AS kind, count(*)::int AS count, min(created_at) AS oldest
        FROM users WHERE role = 'expert' AND status = 'pending'
      UNION ALL
      SELECT 'sla_breached', count(*)::int, min(created_at)
        FROM alerts WHERE type IN ('sla_breached', 'sla_escalated') AND state IN ('open', 'acknowledged')
      UNION ALL
      SELECT 'emails_failed', count(*)::int, min(created_at) FROM email_messages WHERE status = 'failed'
      UNION ALL
      SELECT 'dossiers_unassigned', count(*)::int, min(status_changed_at)
        FROM dossiers WHERE status = 'eligible' AND expert_id IS NULL
      UNION ALL
      SELECT 'join_requests_pending', count(*)::int, min(created_at)
        FROM company_join_requests WHERE status = 'pending'`
      .execute(db)
      .then((r) => r.rows),

  expertsPending: (db: Executor, limit: number): Promise<WaitingRow[]> =>
    db
      .selectFrom('users')
      .select([
        'id',
        sql<string>`first_name || ' ' || last_name`.as('label'),
        'email as detail',
        'createdAt as since',
        'id as target',
      ])
      .where('role', '=', 'expert')
      .where('status', '=', 'pending')
      .orderBy('createdAt')
      .orderBy('id')
      .limit(limit)
      .execute(),

  slaBreached: (db: Executor, limit: number): Promise<WaitingRow[]> =>
    db
      .selectFrom('alerts as a')
      .innerJoin('dossiers as d', 'd.id', 'a.dossierId')
      .innerJoin('companies as c', 'c.id', 'd.companyId')
      .select(['a.id', 'd.reference as label', 'c.name as detail', 'a.createdAt as since', 'd.id as target'])
      .where('a.type', 'in', breachedTypes)
      .where('a.state', 'in', handlingStates)
      .orderBy('a.createdAt')
      .orderBy('a.id')
      .limit(limit)
      .execute(),

  emailsFailed: (db: Executor, limit: number): Promise<WaitingRow[]> =>
    db
      .selectFrom('emailMessages')
      .select(['id', 'subject as label', 'toAddress as detail', 'createdAt as since', 'id as target'])
      .where('status', '=', 'failed')
      .orderBy('createdAt')
      .orderBy('id')
      .limit(limit)
      .execute(),

  dossiersUnassigned: (db: Executor, limit: number): Promise<WaitingRow[]> =>
    db
      .selectFrom('dossiers as d')
      .innerJoin('companies as c', 'c.id', 'd.companyId')
      .select([
        'd.id',
        'd.reference as label',
        sql<string>`c.name || ' · ' || d.product_code`.as('detail'),
        'd.statusChangedAt as since',
        'd.id as target',
      ])
      .where('d.status', '=', 'eligible')
      .where('d.expertId', 'is', null)
      .orderBy('d.statusChangedAt')
      .orderBy('d.id')
      .limit(limit)
      .execute(),

  joinRequestsPending: (db: Executor, limit: number): Promise<WaitingRow[]> =>
    db
      .selectFrom('companyJoinRequests as r')
      .innerJoin('users as u', 'u.id', 'r.userId')
      .innerJoin('companies as c', 'c.id', 'r.companyId')
      .select([
        'r.id',
        sql<string>`u.first_name || ' ' || u.last_name`.as('label'),
        'c.name as detail',
        'r.createdAt as since',
        'r.id as target',
      ])
      .where('r.status', '=', 'pending')
      .orderBy('r.createdAt')
      .orderBy('r.id')
      .limit(limit)
      .execute(),
};
