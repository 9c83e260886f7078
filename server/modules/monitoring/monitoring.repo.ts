import { sql } from 'kysely';
import type { Executor } from '../../db/pool.ts';
import { JOBS_SCHEMA } from '../../platform/jobs.ts';

/** The catalogue and statistics views of PostgreSQL and pg-boss's tables, read for the performance page. */

export async function databaseSize(db: Executor): Promise<number> {
  const { rows } = await sql<{ size: number }>`SELECT pg_database_size(current_database()) AS size`.execute(
    db,
  );
  return Number(rows[0]!.size);
}

export async function connectionsByState(db: Executor): Promise<{ state: string; count: number }[]> {
  const { rows } = await sql<{ state: string; count: number }>`
    SELECT coalesce(state, 'unknown') AS state, count(*)::int AS count
    FROM pg_stat_activity
    WHERE datname = current_database() AND backend_type = 'client backend'
    GROUP BY 1
    ORDER BY 2 DESC`.execute(db);
  return rows;
}

export async function hasPgStatStatements(db: Executor): Promise<boolean> {
  const { rows } = await sql<{ installed: boolean }>`
    SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements') AS installed`.execute(db);
  return rows[0]!.installed;
}

/**
 * The statements of this database that took the most time per call. Throws when the extension is installed but
 * not loaded (`shared_preload_libraries`): the caller falls back.
 */
export async function slowestStatements(db: Executor, limit: number) {
  const { rows } = await sql<{
    query: string;
    calls: number;
    meanMs: number;
    maxMs: number;
    totalMs: number;
    rows: number;
  }>`
    SELECT left(s.query, 500) AS query, s.calls, s.mean_exec_time AS "meanMs", s.max_exec_time AS "maxMs",
           s.total_exec_time AS "totalMs", s.rows
    FROM pg_stat_statements s
    JOIN pg_database d ON d.oid = s.dbid
    WHERE d.datname = current_database()
    ORDER BY s.mean_exec_time DESC
    LIMIT ${limit}`.execute(db);
  return rows.map((r) => ({ ...r, calls: Number(r.calls), rows: Number(r.rows) }));
}

/**
 * Jobs per pg-boss queue: waiting (now or later), running, and failed over the last day. Live jobs are counted
 * through pg-boss's index on (name, state…) of live jobs, failures through its index on (name, completed_on).
 */
export async function jobQueueDepths(db: Executor) {
  const schema = sql.id(JOBS_SCHEMA);
  const { rows } = await sql<{
    queue: string;
    queued: number;
    deferred: number;
    active: number;
    failedLastDay: number;
  }>`
    SELECT q.name AS queue,
           coalesce(live.queued, 0) AS queued, coalesce(live.deferred, 0) AS deferred,
           coalesce(live.active, 0) AS active, coalesce(failed.count, 0) AS "failedLastDay"
    FROM ${schema}.queue q
    LEFT JOIN (
      SELECT name,
             count(*) FILTER (WHERE state IN ('created', 'retry') AND start_after <= now())::int AS queued,
             count(*) FILTER (WHERE state IN ('created', 'retry') AND start_after > now())::int AS deferred,
             count(*) FILTER (WHERE state = 'active')::int AS active
      FROM ${schema}.job
      WHERE state IN ('created', 'retry', 'active')
      GROUP BY name
    ) live ON live.name = q.name
    LEFT JOIN (
      SELECT name, count(*)::int AS count
      FROM ${schema}.job
      WHERE completed_on > now() - interval '1 day' AND state = 'failed'
      GROUP BY name
    ) failed ON failed.name = q.name
    ORDER BY queued DESC, q.name`.execute(db);
  return rows;
}
