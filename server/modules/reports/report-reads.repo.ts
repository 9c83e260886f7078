import { sql } from 'kysely';
import { closingStatuses } from '../../../common/dossier-lifecycle.ts';
import type { Executor } from '../../db/pool.ts';
import { parisEnd, parisStart, type ReportScope, scopeFilter } from './report-scope.ts';

const closing = sql.join(closingStatuses.map((s) => sql.lit(s)));

export type StepGroupRow = {
  productCode: string;
  stepKey: string;
  position: number;
  nameFr: string;
  nameEn: string;
  actingRole: 'client' | 'expert' | 'admin';
  dossiers: number;
  under7: number;
  under30: number;
  under90: number;
  over90: number;
  medianDays: number;
  overdue: number;
};

export type StuckRow = {
  reference: string;
  companyName: string;
  productCode: string;
  status: string;
  nameFr: string;
  nameEn: string;
  actingRole: 'client' | 'expert' | 'admin';
  expertName: string | null;
  daysInStep: number;
  dueAt: string | null;
};

export type ClientDossierRow = {
  reference: string;
  productCode: string;
  status: string;
  expertName: string | null;
  estimatedCents: number | null;
  obtainedCents: number | null;
  openedOn: string;
};

export type AwaitedRow = { kind: 'step' | 'document'; reference: string; what: string; dueOn: string | null };

/** The reads of reports that are not flows: levels now, lists, reviews. */
export const reportReadsRepo = {
  async expertName(db: Executor, expertId: string): Promise<string | undefined> {
    const { rows } = await sql<{ name: string }>`
      SELECT first_name || ' ' || last_name AS name FROM users WHERE id = ${expertId}::uuid AND role = 'expert'`.execute(
      db,
    );
    return rows[0]?.name;
  },

  /** Reviews of an expert written in a period: count, average rating and count per rating. */
  async reviews(db: Executor, expertId: string, from: string, to: string) {
    const { rows } = await sql<{ rating: number; count: number }>`
      SELECT rating, count(*)::int AS count FROM reviews
       WHERE expert_id = ${expertId}::uuid AND NOT hidden
         AND created_at >= ${parisStart(from)} AND created_at < ${parisEnd(to)}
       GROUP BY rating`.execute(db);
    return rows;
  },

  async inProgress(db: Executor, scope: ReportScope): Promise<number> {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM dossiers d JOIN companies c ON c.id = d.company_id
       WHERE d.status NOT IN (${closing}) AND d.status NOT IN ('draft', 'refunded') AND ${scopeFilter(scope)}`.execute(
      db,
    );
    return rows[0]!.n;
  },

  /** Open steps of dossiers in progress, by product and step, with their age in the step. */
  async openStepsByStep(db: Executor, scope: ReportScope, now: Date): Promise<StepGroupRow[]> {
    const { rows } = await sql<StepGroupRow>`
      WITH open_steps AS (
        SELECT d.product_code, s.step_key, s.position, s.acting_role, s.due_at,
               t.steps -> s.position -> 'name' AS name,
               extract(epoch FROM ${now}::timestamptz - s.entered_at) / 86400 AS days
          FROM dossier_steps s
          JOIN dossiers d ON d.id = s.dossier_id
          JOIN companies c ON c.id = d.company_id
          JOIN dossier_workflows w ON w.dossier_id = d.id
          JOIN workflow_templates t ON t.id = w.template_id
         WHERE s.state IN ('active', 'awaiting_validation') AND ${scopeFilter(scope)}
      )
      SELECT product_code AS "productCode", step_key AS "stepKey", min(position) AS position,
             min(name ->> 'fr') AS "nameFr", min(name ->> 'en') AS "nameEn", min(acting_role) AS "actingRole",
             count(*)::int AS dossiers,
             count(*) FILTER (WHERE days < 7)::int AS under7,
             count(*) FILTER (WHERE days >= 7 AND days < 30)::int AS under30,
             count(*) FILTER (WHERE days >= 30 AND days < 90)::int AS under90,
             count(*) FILTER (WHERE days >= 90)::int AS over90,
             round(percentile_cont(0.5) WITHIN GROUP (ORDER BY days)::numeric, 1)::float8 AS "medianDays",
             count(*) FILTER (WHERE due_at < ${now}::timestamptz)::int AS overdue
        FROM open_steps
       GROUP BY product_code, step_key
       ORDER BY product_code, min(position)`.execute(db);
    return rows;
  },

  /** The open steps idle longest (past their deadline first), at most `limit`. */
  async stuck(db: Executor, scope: ReportScope, now: Date, limit: number): Promise<StuckRow[]> {
    const { rows } = await sql<StuckRow>`
      SELECT d.reference, c.name AS "companyName", d.product_code AS "productCode", d.status,
             t.steps -> s.position -> 'name' ->> 'fr' AS "nameFr", t.steps -> s.position -> 'name' ->> 'en' AS "nameEn",
             s.acting_role AS "actingRole",
             (SELECT e.first_name || ' ' || e.last_name FROM users e WHERE e.id = d.expert_id) AS "expertName",
             round((extract(epoch FROM ${now}::timestamptz - s.entered_at) / 86400)::numeric, 1)::float8 AS "daysInStep",
             (s.due_at AT TIME ZONE 'Europe/Paris')::date::text AS "dueAt"
        FROM dossier_steps s
        JOIN dossiers d ON d.id = s.dossier_id
        JOIN companies c ON c.id = d.company_id
        JOIN dossier_workflows w ON w.dossier_id = d.id
        JOIN workflow_templates t ON t.id = w.template_id
       WHERE s.state IN ('active', 'awaiting_validation') AND ${scopeFilter(scope)}
       ORDER BY (s.due_at < ${now}::timestamptz) IS TRUE DESC, s.entered_at, d.id
       LIMIT ${limit}`.execute(db);
    return rows;
  },

  async companyName(db: Executor, companyId: string): Promise<string | undefined> {
    const { rows } = await sql<{
      name: string;
    }>`SELECT name FROM companies WHERE id = ${companyId}::uuid`.execute(db);
    return rows[0]?.name;
  },

  async clientDossiers(db: Executor, companyId: string): Promise<ClientDossierRow[]> {
    const { rows } = await sql<ClientDossierRow>`
      SELECT d.reference, d.product_code AS "productCode", d.status,
             (SELECT e.first_name || ' ' || e.last_name FROM users e WHERE e.id = d.expert_id) AS "expertName",
             d.estimated_cents AS "estimatedCents", d.obtained_cents AS "obtainedCents",
             (d.created_at AT TIME ZONE 'Europe/Paris')::date::text AS "openedOn"
        FROM dossiers d WHERE d.company_id = ${companyId}::uuid ORDER BY d.created_at DESC, d.id DESC`.execute(
      db,
    );
    return rows;
  },

  /** Amounts obtained by a company's dossiers refunded in a period. */
  async clientRecovered(db: Executor, companyId: string, from: string, to: string): Promise<number> {
    const { rows } = await sql<{ cents: number }>`
      SELECT coalesce(sum(d.obtained_cents), 0)::bigint AS cents FROM dossiers d
       WHERE d.company_id = ${companyId}::uuid AND EXISTS (
         SELECT 1 FROM dossier_events e WHERE e.dossier_id = d.id AND e.to_status = 'refunded'
            AND e.created_at >= ${parisStart(from)} AND e.created_at < ${parisEnd(to)})`.execute(db);
    return Number(rows[0]!.cents);
  },

  /** Steps of the company's dossiers that the client must act on, and documents requested of them. */
  async awaitedFromClient(db: Executor, companyId: string, locale: 'fr' | 'en'): Promise<AwaitedRow[]> {
    const { rows } = await sql<AwaitedRow>`
      SELECT * FROM (
        SELECT 'step' AS kind, d.reference, t.steps -> s.position -> 'name' ->> ${locale} AS what,
               (s.due_at AT TIME ZONE 'Europe/Paris')::date::text AS "dueOn"
          FROM dossier_steps s
          JOIN dossiers d ON d.id = s.dossier_id
          JOIN dossier_workflows w ON w.dossier_id = d.id
          JOIN workflow_templates t ON t.id = w.template_id
         WHERE d.company_id = ${companyId}::uuid AND s.state = 'active' AND s.acting_role = 'client'
        UNION ALL
        SELECT 'document', d.reference, r.category, (r.due_at AT TIME ZONE 'Europe/Paris')::date::text
          FROM document_requests r JOIN dossiers d ON d.id = r.dossier_id
         WHERE d.company_id = ${companyId}::uuid AND r.status = 'open') x
       ORDER BY "dueOn" NULLS LAST, reference`.execute(db);
    return rows;
  },
};
