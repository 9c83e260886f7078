import { type RawBuilder, sql } from 'kysely';
import type { MetricsGroupBy } from '../../../common/admin-metrics.ts';
import type { Db, Executor } from '../../db/pool.ts';
import { parisEnd, parisStart, type ReportScope, scopeFilter } from './report-scope.ts';

/**
 * A flow summed over one grain: `bucket` (by period and histogram bucket, '' for a plain flow), `product` and
 * `region` (by period and the dossier's product or region), `series` (by time-series bucket, current period only).
 * `period` is 'current' (from..to) or 'previous' (the period of the same length before).
 */
export type FlowRow = {
  metric: string;
  grain: 'bucket' | 'product' | 'region' | 'series';
  period: 'current' | 'previous' | null;
  bucket: string | null;
  product: string | null;
  region: string | null;
  seriesBucket: string | null;
  value: number;
};

export type FlowsQuery = {
  previousFrom: string;
  from: string;
  to: string;
  groupBy: MetricsGroupBy;
  scope: ReportScope;
};

/**
 * Recounts of the dashboard's flows (019_dashboard_metrics.sql) from the base tables, for the rows of a period and
 * a scope: the same rule functions write the dashboard's aggregates, so the figures agree with it by construction,
 * and can be cut by any product, region or expert (the aggregates are kept only for all of them).
 */
export const reportFlowsRepo = {
  /**
   * `flows` in a transaction of its own with JIT compilation off: the planner's estimates of the rule functions' rows
   * are far above what they give, and compiling the query (seconds) would cost more than running it.
   */
  flowsWithoutJit(db: Db, query: FlowsQuery): Promise<FlowRow[]> {
    return db.transaction().execute(async (trx) => {
      await sql`SET LOCAL jit = off`.execute(trx);
      return reportFlowsRepo.flows(trx, query);
    });
  },

  async flows(db: Executor, query: FlowsQuery): Promise<FlowRow[]> {
    const { scope } = query;
    const lo = parisStart(query.previousFrom);
    const hi = parisEnd(query.to);
    const inPeriod = (column: RawBuilder<unknown>) => sql`${column} >= ${lo} AND ${column} < ${hi}`;
    const platformWide = !scope.productCode && !scope.region && !scope.expertId;
    const { rows } = await sql<FlowRow>`
      WITH deltas AS (
        SELECT r.metric, r.dim_value AS bucket, d.product_code AS product, c.region, r.day, r.value
          FROM dossiers d JOIN companies c ON c.id = d.company_id
          CROSS JOIN LATERAL dashboard_dossier_rows(d, c.region) r
         WHERE ${inPeriod(sql`d.created_at`)} AND r.day IS NOT NULL AND r.dim = 'all' AND ${scopeFilter(scope)}
        UNION ALL
        SELECT r.metric, r.dim_value, d.product_code, c.region, r.day, r.value
          FROM dossier_events e
          JOIN dossiers d ON d.id = e.dossier_id
          JOIN companies c ON c.id = d.company_id
          LEFT JOIN expert_profiles p ON p.user_id = d.expert_id AND p.fee_model = 'commission'
          CROSS JOIN fee_rates f
          CROSS JOIN LATERAL (
            SELECT max(b.created_at) AS at FROM dossier_events b
             WHERE b.dossier_id = e.dossier_id AND b.to_status IS NOT NULL
               AND (b.created_at, b.id) < (e.created_at, e.id)) previous
          CROSS JOIN LATERAL dashboard_transition_rows(e.from_status, e.to_status, e.created_at, previous.at,
            d.product_code, c.region, d.audited_cents, d.granted_cents, d.obtained_cents, p.commission_percent, f) r
         WHERE e.to_status IS NOT NULL AND ${inPeriod(sql`e.created_at`)} AND r.dim IN ('all', 'bucket')
           AND ${scopeFilter(scope)}
        UNION ALL
        SELECT r.metric, r.dim_value, d.product_code, c.region, r.day, r.value
          FROM dossier_steps s
          JOIN dossiers d ON d.id = s.dossier_id
          JOIN companies c ON c.id = d.company_id
          CROSS JOIN LATERAL dashboard_step_rows(s) r
         WHERE s.state = 'completed' AND s.sla_ms IS NOT NULL AND ${inPeriod(sql`s.completed_at`)}
           AND r.dim = 'all' AND ${scopeFilter(scope)}
        UNION ALL
        SELECT r.metric, r.dim_value, d.product_code, c.region, r.day, r.value
          FROM expert_requests q
          JOIN dossiers d ON d.id = q.dossier_id
          JOIN companies c ON c.id = d.company_id
          CROSS JOIN LATERAL dashboard_request_rows(q) r
         WHERE q.responded_at IS NOT NULL AND ${inPeriod(sql`q.responded_at`)}
           AND ${scopeFilter(scope, sql`q.expert_id`)}
        ${
          platformWide
            ? sql`UNION ALL
        SELECT r.metric, r.dim_value, NULL, NULL, r.day, r.value
          FROM users u CROSS JOIN LATERAL dashboard_user_rows(u) r
         WHERE ${inPeriod(sql`u.created_at`)} AND r.day IS NOT NULL
        UNION ALL
        SELECT r.metric, r.dim_value, NULL, NULL, r.day, r.value
          FROM simulations s CROSS JOIN LATERAL dashboard_simulation_rows(s) r
         WHERE ${inPeriod(sql`s.created_at`)}`
            : sql``
        }
      ), tagged AS (
        SELECT metric, bucket, product, region, value,
               CASE WHEN day >= ${query.from}::date THEN 'current' ELSE 'previous' END AS period,
               CASE WHEN day >= ${query.from}::date
                    THEN date_trunc(${query.groupBy}, day::timestamp)::date::text END AS series_bucket
          FROM deltas
      )
      SELECT metric,
             CASE WHEN grouping(bucket) = 0 THEN 'bucket' WHEN grouping(product) = 0 THEN 'product'
                  WHEN grouping(region) = 0 THEN 'region' ELSE 'series' END AS grain,
             period, bucket, product, region, series_bucket AS "seriesBucket", sum(value)::bigint AS value
        FROM tagged
       GROUP BY GROUPING SETS ((metric, period, bucket), (metric, period, product), (metric, period, region),
                               (metric, series_bucket))`.execute(db);
    return rows.filter((r) => r.grain !== 'series' || r.seriesBucket !== null);
  },
};
