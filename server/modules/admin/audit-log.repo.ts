import { sql } from 'kysely';
import type { AuditFilters } from '../../../common/admin-audit.ts';
import type { Executor } from '../../db/pool.ts';
import type { RowOf } from '../../db/rows.ts';

export type AuditQuery = AuditFilters & {
  /** The sort key of the last row served (newest first). */
  before?: [Date, string];
  limit: number;
};

/** The instant a Paris day starts (an ISO date), `days` later. */
const parisDayStart = (day: string, days = 0) =>
  sql<Date>`((${day}::date + ${days}::int)::timestamp AT TIME ZONE 'Europe/Paris')`;

/** An audit row with who did it and, for a user or a dossier, what the entity is called. */
const entryView = (db: Executor) =>
  db
    .selectFrom('auditLog as a')
    .leftJoin('users as actor', 'actor.id', 'a.actorId')
    .leftJoin('users as eu', (join) => join.onRef('eu.id', '=', 'a.entityId').on('a.entityType', '=', 'user'))
    .leftJoin('dossiers as ed', (join) =>
      join.onRef('ed.id', '=', 'a.entityId').on('a.entityType', '=', 'dossier'),
    )
    .select([
      'a.id',
      'a.action',
      'a.entityType',
      'a.entityId',
      'a.before',
      'a.after',
      'a.createdAt',
      'a.actorId',
      'actor.firstName as actorFirstName',
      'actor.lastName as actorLastName',
      'actor.email as actorEmail',
      'actor.role as actorRole',
      sql<string | null>`coalesce(eu.first_name || ' ' || eu.last_name, ed.reference)`.as('entityLabel'),
    ]);

export type AuditRow = RowOf<typeof entryView>;

/**
 * The distinct values of an indexed column, one index probe each (a skip scan): the log may hold millions of rows
 * but only a few dozen actions or entity types.
 */
const distinctValues = (db: Executor, column: 'action' | 'entity_type') =>
  sql<{ value: string }>`
    WITH RECURSIVE v AS (
      (SELECT ${sql.ref(column)} AS value FROM audit_log ORDER BY 1 LIMIT 1)
      UNION ALL
      SELECT (SELECT ${sql.ref(column)} FROM audit_log WHERE ${sql.ref(column)} > v.value ORDER BY 1 LIMIT 1)
      FROM v WHERE v.value IS NOT NULL
    )
    SELECT value FROM v WHERE value IS NOT NULL`
    .execute(db)
    .then((r) => r.rows.map((row) => row.value));

export const auditLogRepo = {
  /** A page of the log, newest first, on the `(…, created_at DESC, id DESC)` indexes of migration 021. */
  list: (db: Executor, q: AuditQuery) => {
    let query = entryView(db);
    if (q.actorId) query = query.where('a.actorId', '=', q.actorId);
    if (q.action) query = query.where('a.action', '=', q.action);
    if (q.entityType) query = query.where('a.entityType', '=', q.entityType);
    if (q.entityId) query = query.where('a.entityId', '=', q.entityId);
    if (q.from) query = query.where('a.createdAt', '>=', parisDayStart(q.from));
    if (q.to) query = query.where('a.createdAt', '<', parisDayStart(q.to, 1));
    if (q.before) {
      const [createdAt, id] = q.before;
      query = query.where(sql<boolean>`(a.created_at, a.id) < (${createdAt}, ${id})`);
    }
    return query.orderBy('a.createdAt', 'desc').orderBy('a.id', 'desc').limit(q.limit).execute();
  },

  actions: (db: Executor) => distinctValues(db, 'action'),
  entityTypes: (db: Executor) => distinctValues(db, 'entity_type'),

  /** People who acted in the log, found by a part of their name (accents ignored) or e-mail. */
  actors: (db: Executor, q: string, limit: number) => {
    const pattern = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    return db
      .selectFrom('users as u')
      .select(['u.id', 'u.firstName', 'u.lastName', 'u.email', 'u.role'])
      .where((eb) =>
        eb.or([
          eb('u.email', 'ilike', pattern),
          eb(sql`unaccent(u.first_name || ' ' || u.last_name)`, 'ilike', sql`unaccent(${pattern})`),
        ]),
      )
      .where(({ exists, selectFrom }) =>
        exists(selectFrom('auditLog as a').select('a.id').whereRef('a.actorId', '=', 'u.id')),
      )
      .orderBy('u.lastName')
      .orderBy('u.firstName')
      .limit(limit)
      .execute();
  },
};
