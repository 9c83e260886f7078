/**
 * The dashboard aggregates (migrations 019, 029) around a bulk load: the aggregate triggers (and the marketplace's per-row
 * one on dossiers) are off while the rows go in, then `dashboard_rebuild()` computes every aggregate from the rows
 * with the rules the triggers apply (the same SQL functions: `dashboard_recount()`). After the measured run — whose
 * changes went through the API, the triggers on — every aggregate row is compared with a full recount: the
 * aggregates the triggers moved on top of the rebuilt ones must equal what the rules give from the rows.
 */
import { sql } from 'kysely';
import type { Executor } from '../../server/db/pool.ts';
import { dashboardRepo } from '../../server/modules/dashboard/dashboard.repo.ts';

export type AggregatesCheck = { summary: string; rows: number; differing: number; seconds: number };

/** Runs `load` with the aggregate triggers off, in the caller's transaction, then rebuilds the aggregates. */
export async function withAggregatesRebuilt(trx: Executor, load: () => Promise<void>) {
  const { rows } = await sql<{ name: string; table: string }>`
    SELECT t.tgname AS name, t.tgrelid::regclass::text AS table FROM pg_trigger t
    WHERE NOT t.tgisinternal AND (t.tgname LIKE 'dashboard\\_%' OR t.tgname = 'dossiers_stats')`.execute(trx);
  const toggle = (how: 'DISABLE' | 'ENABLE') =>
    Promise.all(
      rows.map((t) =>
        sql`ALTER TABLE ${sql.table(t.table)} ${sql.raw(how)} TRIGGER ${sql.ref(t.name)}`.execute(trx),
      ),
    );
  await toggle('DISABLE');
  await load();
  await toggle('ENABLE');
  await sql`SELECT dashboard_rebuild()`.execute(trx);
}

/**
 * Every kept aggregate row (daily, running totals, now) against the full recount: `dashboard_differences()`, once
 * the changes still pending are folded (029).
 */
export async function compareWithRecount(db: Executor): Promise<AggregatesCheck> {
  const started = Date.now();
  await dashboardRepo.fold(db);
  const { rows } = await sql<{ rows: number; differing: number }>`
    SELECT (SELECT count(*)::int FROM metric_daily WHERE value <> 0) AS rows,
           (SELECT count(*)::int FROM dashboard_differences()) AS differing`.execute(db);
  const { rows: total, differing } = rows[0]!;
  return {
    summary:
      differing === 0 ? `equal (${total} daily rows)` : `${differing} rows DIFFER (${total} daily rows)`,
    rows: total,
    differing,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}
