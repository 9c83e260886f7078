/**
 * One SLA sweep over every open step, at T1 of the plan (the time moved forward from T0), through the app's own
 * `SlaSweepService` on a database handle that records each statement. Beside it, the SQL floor: a count of the rows
 * it must act on, by the same predicate over the same partial indexes. Then the alerts it raised, by type, checked
 * against what the plan counted, and the EXPLAIN ANALYZE of its slowest statement on the state it started from.
 */
import { sql } from 'kysely';
import type pg from 'pg';
import type { SlaConfig } from '../../server/config.ts';
import type { Db } from '../../server/db/pool.ts';
import { SlaSweepService } from '../../server/modules/workflows/sla-sweep.service.ts';
import { ManualClock } from '../../server/platform/clock.ts';
import { EventBus } from '../../server/platform/events.ts';
import { type RecordedStatement, recordingDatabase, round2 } from '../support.ts';
import { type AlertKind, alertKinds, type Plan } from './plant.ts';

const HOUR = 3_600_000;
const FLOOR_RUNS = 5;

/** The steps a sweep at `now` acts on: the predicate of the sweep's own statement (sla-sweep.repo.ts). */
const due = (now: Date, sla: Pick<SlaConfig, 'escalationHours' | 'secondLevelHours'>) => {
  const escalate = new Date(now.getTime() - sla.escalationHours * HOUR);
  const second = new Date(now.getTime() - sla.secondLevelHours * HOUR);
  return sql`s.state IN ('active', 'awaiting_validation')
    AND ((s.alert_level = 0 AND s.warn_at <= ${now}::timestamptz)
      OR (s.alert_level < 4 AND s.due_at <= ${now}::timestamptz
        AND (s.alert_level < 2 OR (s.alert_level < 3 AND s.due_at <= ${escalate}::timestamptz)
          OR s.due_at <= ${second}::timestamptz)))`;
};

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

export async function measureSweep(url: string, db: Db, config: SlaConfig, plan: Plan) {
  const { db: recorded, pool, statements, recording } = recordingDatabase(url, 2);
  const sweep = new SlaSweepService({
    db: recorded,
    clock: new ManualClock(plan.t1),
    events: new EventBus(),
    sla: config,
  });
  try {
    // The levels of the steps it will touch, to start again from them for the plan of its slowest statement.
    await sql`DROP TABLE IF EXISTS bench_sweep_before`.execute(db);
    await sql`CREATE TABLE bench_sweep_before AS SELECT s.id, s.alert_level FROM dossier_steps s
      WHERE ${due(plan.t1, config)}`.execute(db);
    const floors: number[] = [];
    let floorRows = 0;
    for (let i = 0; i < FLOOR_RUNS; i++) {
      const { ms, value } = await timed(() =>
        sql<{
          n: number;
        }>`SELECT count(*)::int AS n FROM dossier_steps s WHERE ${due(plan.t1, config)}`.execute(db),
      );
      floors.push(ms);
      floorRows = value.rows[0]!.n;
    }
    console.log(
      `SLA sweep at T0 + ${(plan.t1.getTime() - plan.t0.getTime()) / 60_000} min over every open step…`,
    );
    recording.on = true;
    const { ms } = await timed(() => sweep.sweep());
    recording.on = false;
    const { rows } = await sql<{ type: string; level: number; n: number }>`
      SELECT type, level, count(*)::int AS n FROM alerts WHERE created_at = ${plan.t1}
      GROUP BY type, level`.execute(db);
    const raised = Object.fromEntries(alertKinds.map((k) => [k, 0])) as Record<AlertKind, number>;
    for (const r of rows) {
      const kind = (r.type === 'sla_escalated' ? `${r.type}_${r.level}` : r.type) as AlertKind;
      raised[kind] += r.n;
    }
    const mismatched = alertKinds.filter((k) => raised[k] !== plan.expected[k]);
    const slowest = statements.reduce((a, b) => (b.ms > a.ms ? b : a));
    const explain = await explainFromStart(pool, plan, slowest);
    floors.sort((a, b) => a - b);
    return {
      duration_ms: round2(ms),
      floor_ms: round2(floors[Math.floor(floors.length / 2)]!),
      floor_rows: floorRows,
      raised,
      expected: plan.expected,
      check: mismatched.length === 0 ? 'ok' : `differs: ${mismatched.join(', ')}`,
      statements: statements.map((s) => ({ sql: s.sql.replace(/\s+/g, ' ').slice(0, 90), ms: round2(s.ms) })),
      slowest: { sql: slowest.sql, ms: round2(slowest.ms), plan: explain },
    };
  } finally {
    await recorded.destroy();
  }
}

/** EXPLAIN ANALYZE of a sweep statement on the state the sweep started from, in a transaction rolled back. */
async function explainFromStart(pool: pg.Pool, plan: Plan, statement: RecordedStatement): Promise<string> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      'UPDATE dossier_steps s SET alert_level = b.alert_level FROM bench_sweep_before b WHERE s.id = b.id',
    );
    await client.query('DELETE FROM alerts WHERE created_at = $1', [plan.t1]);
    const result = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`,
      statement.parameters as unknown[],
    );
    return result.rows.map((r) => r['QUERY PLAN']).join('\n');
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}
