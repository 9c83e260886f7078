import { sql } from 'kysely';
import type { AlertSeverity, AlertType } from '../../../common/workflows.ts';
import type { Executor } from '../../db/pool.ts';
import { isOpenStep } from './workflow.repo.ts';

/** An alert the sweep raised, as `alerts.raised` carries it. */
export type RaisedAlertRow = {
  id: string;
  type: AlertType;
  severity: AlertSeverity;
  level: number;
  dossierId: string;
  stepId: string;
  assigneeId: string | null;
  audience: 'expert' | 'admin';
  data: Record<string, unknown>;
};

export type SweepTimes = {
  now: Date;
  /** Deadlines at or before this are escalated to the admins (now − escalationHours). */
  escalateBefore: Date;
  /** And at or before this, to the second level (now − secondLevelHours). */
  secondLevelBefore: Date;
};

/** A UUID v7 made in SQL from `at`: alerts raised together stay clustered in the primary key, like the app's ids. */
const uuidv7At = (at: Date) => sql`encode(
  set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
    PLACING substring(int8send(floor(extract(epoch FROM ${at}::timestamptz) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
  52, 1), 53, 1), 'hex')::uuid`;

const dueAtIso = sql`to_char(r.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export const slaSweepRepo = {
  /**
   * One statement: locks the open steps whose warning or deadline (or an escalation delay after it) has come and
   * whose alert level is behind, raises their level and inserts the alerts of the levels crossed. An alert
   * superseded at once is left out: no "approaching" for a step already breached, no first escalation for one
   * already at the second. The dedupe key makes each alert once whatever the races. A step (or its dossier, which
   * the alert's foreign key would wait for) that another transaction holds is skipped until the next sweep, never
   * waited for: a step completion locking its dossier, then its step, cannot deadlock with the sweep.
   */
  async raise(db: Executor, t: SweepTimes): Promise<RaisedAlertRow[]> {
    const { now, escalateBefore, secondLevelBefore } = t;
    const result = await sql<RaisedAlertRow>`
      WITH due AS (
        SELECT id FROM dossier_steps
        WHERE ${isOpenStep()} AND alert_level = 0 AND warn_at <= ${now}::timestamptz
        UNION
        SELECT id FROM dossier_steps
        WHERE ${isOpenStep()} AND alert_level < 4 AND due_at <= ${now}::timestamptz
          AND (alert_level < 2
            OR (alert_level < 3 AND due_at <= ${escalateBefore}::timestamptz)
            OR due_at <= ${secondLevelBefore}::timestamptz)
      ),
      locked AS (
        SELECT s.id, s.dossier_id, s.due_at, s.alert_level AS old_level, d.expert_id,
          CASE WHEN s.due_at <= ${secondLevelBefore}::timestamptz THEN 4
               WHEN s.due_at <= ${escalateBefore}::timestamptz THEN 3
               WHEN s.due_at <= ${now}::timestamptz THEN 2
               WHEN s.warn_at <= ${now}::timestamptz THEN 1
               ELSE 0 END AS new_level
        FROM due
        JOIN dossier_steps s ON s.id = due.id
        JOIN dossiers d ON d.id = s.dossier_id
        -- Checked again on the row as locked: a step completed or paused meanwhile is left alone.
        WHERE ${isOpenStep('s.state')}
        FOR UPDATE OF s SKIP LOCKED
        FOR KEY SHARE OF d SKIP LOCKED
      ),
      raised AS (
        UPDATE dossier_steps s SET alert_level = l.new_level
        FROM locked l
        WHERE s.id = l.id AND l.new_level > l.old_level
        RETURNING s.id, s.dossier_id, s.due_at, l.old_level, l.new_level, l.expert_id
      ),
      kinds (type, severity, level, step_level) AS (
        VALUES ('sla_approaching', 'warning', 0, 1), ('sla_breached', 'high', 0, 2),
               ('sla_escalated', 'high', 1, 3), ('sla_escalated', 'critical', 2, 4)
      )
      INSERT INTO alerts AS a (id, type, severity, dedupe_key, dossier_id, step_id, assignee_id, audience, level,
                               state, data, created_at, updated_at)
      SELECT ${uuidv7At(now)}, k.type, k.severity,
        k.type || ':' || CASE WHEN k.level > 0 THEN k.level || ':' ELSE '' END || r.id,
        r.dossier_id, r.id,
        CASE WHEN k.level = 0 THEN r.expert_id END,
        CASE WHEN k.level = 0 AND r.expert_id IS NOT NULL THEN 'expert' ELSE 'admin' END,
        k.level, 'open',
        CASE WHEN k.step_level = 1
          THEN jsonb_build_object('hoursLeft',
            greatest(1, ceil(extract(epoch FROM r.due_at - ${now}::timestamptz) / 3600))::int,
            'dueAt', ${dueAtIso})
          ELSE jsonb_build_object('hoursLate',
            greatest(0, floor(extract(epoch FROM ${now}::timestamptz - r.due_at) / 3600))::int,
            'dueAt', ${dueAtIso})
        END,
        ${now}::timestamptz, ${now}::timestamptz
      FROM raised r
      JOIN kinds k ON k.step_level = r.new_level OR (k.step_level = 2 AND r.old_level < 2 AND r.new_level > 2)
      ON CONFLICT (dedupe_key) DO NOTHING
      RETURNING a.id, a.type, a.severity, a.level, a.dossier_id, a.step_id, a.assignee_id, a.audience, a.data`.execute(
      db,
    );
    return result.rows;
  },
};
