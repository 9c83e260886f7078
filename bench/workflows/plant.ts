/**
 * Each run plants the open steps' SLA clocks around its own time T0 (now): every open step entered some time ago,
 * its clock started then with the app's own arithmetic (sla-clock.ts), one in ten paused since (waiting on the other
 * party), alert levels and alerts as a sweep every minute until T0 would have left them. The sweep then runs at
 * T1 = T0 + `advanceMinutes`: what falls due in between is what it must raise, counted here step by step. Planting
 * every run (rather than once) keeps runs comparable: the app's own cron, running at real time during the
 * completions, finds nothing the plan did not account for, and steps completed by an earlier run are replanted.
 */
import { sql } from 'kysely';
import type { PauseReason, SlaUnit } from '../../common/workflows.ts';
import type { SlaConfig } from '../../server/config.ts';
import type { Db } from '../../server/db/pool.ts';
import { Random } from '../../server/db/seed/random.ts';
import { pauseClock, type SlaClock, startClock } from '../../server/modules/workflows/sla-clock.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BATCH = 20_000;

export const alertKinds = ['sla_approaching', 'sla_breached', 'sla_escalated_1', 'sla_escalated_2'] as const;
export type AlertKind = (typeof alertKinds)[number];

export type Plan = {
  t0: Date;
  t1: Date;
  openSteps: number;
  withSla: number;
  paused: number;
  /** Steps at each alert level at T0 (0 nothing raised … 4 second escalation). */
  levels: number[];
  plantedAlerts: number;
  /** The alerts a sweep at T1 must raise. */
  expected: Record<AlertKind, number>;
};

type OpenStep = { id: string; slaMs: number | null; slaUnit: SlaUnit | null; role: string; state: string };

/** Wall time an SLA usually takes: business hours are 45 of the week's 168, business days 5 of 7. */
function wallEstimate(slaMs: number, unit: SlaUnit): number {
  if (unit === 'business_hours') return (slaMs * 168) / 45;
  if (unit === 'business_days') return (slaMs * 7) / 5;
  return slaMs;
}

/** The level a sweep leaves a step at, at `t` (the sweep's rule: the highest threshold passed). */
function levelAt(
  warn: Date,
  due: Date,
  t: number,
  sla: Pick<SlaConfig, 'escalationHours' | 'secondLevelHours'>,
) {
  const d = due.getTime();
  if (d <= t - sla.secondLevelHours * HOUR) return 4;
  if (d <= t - sla.escalationHours * HOUR) return 3;
  if (d <= t) return 2;
  return warn.getTime() <= t ? 1 : 0;
}

/** How far into its SLA a step is at T0: most in time, some approaching, some late, a few very late. */
function progress(random: Random): number {
  const r = random.next();
  if (r < 0.7) return random.next() * 0.7;
  if (r < 0.85) return 0.7 + random.next() * 0.3;
  if (r < 0.93) return 1 + random.next() * 0.2;
  return 1.2 + random.next() * 1.8;
}

type Row = {
  id: string;
  enteredAt: Date;
  submittedAt: Date | null;
  clock: SlaClock;
  level: number;
  /** The deadlines before a pause, for the alerts raised until then. */
  warnAt: Date | null;
  dueAt: Date | null;
};

function plantOne(step: OpenStep, random: Random, t0: number, config: SlaConfig): Row {
  const ratio = config.warningRatio;
  const paused = step.slaMs !== null && random.next() < 0.1;
  const age =
    step.slaMs !== null && step.slaUnit !== null
      ? progress(random) * wallEstimate(step.slaMs, step.slaUnit)
      : random.next() * 20 * DAY;
  const enteredAt = new Date(t0 - Math.max(60_000, Math.round(age)));
  const spec =
    step.slaMs !== null && step.slaUnit !== null
      ? {
          amount: step.slaMs / (step.slaUnit === 'hours' || step.slaUnit === 'business_hours' ? HOUR : DAY),
          unit: step.slaUnit,
        }
      : null;
  let clock = startClock(spec, enteredAt, ratio);
  const { warnAt, dueAt } = clock;
  let levelTime = t0;
  if (paused) {
    const pausedAt = new Date(enteredAt.getTime() + (t0 - enteredAt.getTime()) * (0.2 + random.next() * 0.7));
    const reason: PauseReason =
      step.role === 'client'
        ? 'awaiting_reply'
        : random.next() < 0.7
          ? 'documents_requested'
          : 'awaiting_reply';
    clock = pauseClock(clock, pausedAt, reason);
    levelTime = pausedAt.getTime();
  }
  const level = warnAt && dueAt ? levelAt(warnAt, dueAt, levelTime, config) : 0;
  const submittedAt = step.state === 'awaiting_validation' ? new Date((enteredAt.getTime() + t0) / 2) : null;
  return { id: step.id, enteredAt, submittedAt, clock, level, warnAt, dueAt };
}

/** The alerts a sweep at T1 raises for a step left at `level` at T0 (the sweep's rule, sla-sweep.repo.ts). */
function raisedAt(row: Row, t1: number, config: SlaConfig): AlertKind[] {
  if (!row.clock.warnAt || !row.clock.dueAt) return [];
  const next = levelAt(row.clock.warnAt, row.clock.dueAt, t1, config);
  if (next <= row.level) return [];
  if (next === 1) return ['sla_approaching'];
  const breach: AlertKind[] = row.level < 2 ? ['sla_breached'] : [];
  if (next === 2) return breach;
  return [...breach, next === 3 ? 'sla_escalated_1' : 'sla_escalated_2'];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function plantClocks(db: Db, config: SlaConfig, advanceMinutes: number): Promise<Plan> {
  const started = performance.now();
  const t0 = Math.floor(Date.now() / 1000) * 1000;
  const t1 = t0 + advanceMinutes * 60_000;
  const { rows: steps } = await sql<OpenStep>`
    SELECT id, sla_ms::float8 AS "slaMs", sla_unit AS "slaUnit", acting_role AS role, state FROM dossier_steps
    WHERE state IN ('active', 'awaiting_validation') ORDER BY id`.execute(db);
  const random = new Random(15);
  const rows = steps.map((step) => plantOne(step, random, t0, config));
  const expected = Object.fromEntries(alertKinds.map((k) => [k, 0])) as Record<AlertKind, number>;
  const levels = [0, 0, 0, 0, 0];
  for (const row of rows) {
    levels[row.level]! += 1;
    for (const kind of raisedAt(row, t1, config)) expected[kind] += 1;
  }
  const plantedAlerts = await db.transaction().execute(async (trx) => {
    await sql`CREATE TEMP TABLE bench_plan (id uuid PRIMARY KEY, entered_at timestamptz, submitted_at timestamptz,
      consumed_ms bigint, running_since timestamptz, paused_since timestamptz, pause_reason text,
      warn_at timestamptz, due_at timestamptz, level smallint, warn_before timestamptz, due_before timestamptz)
      ON COMMIT DROP`.execute(trx);
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      const column = <T>(f: (r: Row) => T) => batch.map(f);
      await sql`INSERT INTO bench_plan SELECT * FROM unnest(${column((r) => r.id)}::uuid[],
        ${column((r) => iso(r.enteredAt))}::timestamptz[], ${column((r) => iso(r.submittedAt))}::timestamptz[],
        ${column((r) => r.clock.consumedMs)}::bigint[], ${column((r) => iso(r.clock.runningSince))}::timestamptz[],
        ${column((r) => iso(r.clock.pausedSince))}::timestamptz[], ${column((r) => r.clock.pauseReason)}::text[],
        ${column((r) => iso(r.clock.warnAt))}::timestamptz[], ${column((r) => iso(r.clock.dueAt))}::timestamptz[],
        ${column((r) => r.level)}::smallint[], ${column((r) => iso(r.warnAt))}::timestamptz[],
        ${column((r) => iso(r.dueAt))}::timestamptz[])`.execute(trx);
    }
    await sql`UPDATE dossier_steps s SET entered_at = p.entered_at, submitted_at = p.submitted_at,
        consumed_ms = p.consumed_ms, running_since = p.running_since, paused_ms = 0, paused_since = p.paused_since,
        pause_reason = p.pause_reason, warn_at = p.warn_at, due_at = p.due_at, alert_level = p.level
      FROM bench_plan p WHERE s.id = p.id`.execute(trx);
    await sql`DELETE FROM step_pauses`.execute(trx);
    await sql`INSERT INTO step_pauses (id, step_id, reason, started_at)
      SELECT gen_random_uuid(), id, pause_reason, paused_since FROM bench_plan WHERE paused_since IS NOT NULL`.execute(
      trx,
    );
    // The alerts earlier sweeps raised, one per level crossed, at the time it was crossed; one in five acknowledged.
    await sql`DELETE FROM alerts`.execute(trx);
    const inserted =
      await sql`INSERT INTO alerts (id, type, severity, dedupe_key, dossier_id, step_id, assignee_id,
        audience, level, state, data, acknowledged_by, acknowledged_at, created_at, updated_at)
      SELECT gen_random_uuid(), k.type, k.severity,
        k.type || ':' || CASE WHEN k.level > 0 THEN k.level || ':' ELSE '' END || p.id, s.dossier_id, p.id,
        CASE WHEN k.level = 0 THEN d.expert_id END,
        CASE WHEN k.level = 0 AND d.expert_id IS NOT NULL THEN 'expert' ELSE 'admin' END, k.level,
        CASE WHEN hashtext(p.id::text) % 5 = 0 THEN 'acknowledged' ELSE 'open' END,
        jsonb_build_object('dueAt', p.due_before),
        CASE WHEN hashtext(p.id::text) % 5 = 0 THEN coalesce(d.expert_id, (SELECT id FROM users WHERE role = 'admin'
          ORDER BY id LIMIT 1)) END,
        CASE WHEN hashtext(p.id::text) % 5 = 0 THEN a.at + interval '1 hour' END, a.at, a.at
      FROM bench_plan p
      JOIN dossier_steps s ON s.id = p.id
      JOIN dossiers d ON d.id = s.dossier_id
      JOIN (VALUES ('sla_approaching', 'warning', 0, 1), ('sla_breached', 'high', 0, 2),
                   ('sla_escalated', 'high', 1, 3), ('sla_escalated', 'critical', 2, 4))
        k(type, severity, level, step_level) ON k.step_level <= p.level,
      LATERAL (SELECT CASE k.step_level WHEN 1 THEN p.warn_before WHEN 2 THEN p.due_before
        WHEN 3 THEN p.due_before + ${config.escalationHours} * interval '1 hour'
        ELSE p.due_before + ${config.secondLevelHours} * interval '1 hour' END AS at) a`.execute(trx);
    return Number(inserted.numAffectedRows ?? 0);
  });
  await sql`ANALYZE dossier_steps, alerts, step_pauses`.execute(db);
  console.log(`Planted ${rows.length} SLA clocks in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  return {
    t0: new Date(t0),
    t1: new Date(t1),
    openSteps: rows.length,
    withSla: rows.filter((r) => r.clock.slaMs !== null).length,
    paused: rows.filter((r) => r.clock.pausedSince !== null).length,
    levels,
    plantedAlerts,
    expected,
  };
}
