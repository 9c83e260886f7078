import { sql } from 'kysely';
import type { MetricsGroupBy } from '../../../common/admin-metrics.ts';
import { type Executor, prepared } from '../../db/pool.ts';

export type MetricRow = { metric: string; dim: string; dimValue: string; value: number };
export type SeriesField = 'opened' | 'closed' | 'estimatedCents' | 'obtainedCents';
export type SeriesRow = { bucket: string } & Record<SeriesField, number>;
/** One flow's key: its metric and dimension ('all': the total, under the dim_value ''). */
export type FlowKey = { metric: string; dim: string };
/** Running totals by dim_value. */
export type Totals = Record<string, number>;
/** A flow's running totals at the three bounds of a period and the one before it. */
export type FlowTotals = FlowKey & { atTo: Totals; beforeFrom: Totals; beforePrevious: Totals };

/** What the figures of a period are made of. */
export type PeriodAggregates = { gauges: MetricRow[]; totals: FlowTotals[]; series: SeriesRow[] };

/**
 * Reads of the aggregates of 019_dashboard_metrics.sql; never of the base tables. A reader folds the committed changes
 * still pending (029) before it reads: the figures then count every change committed before the read.
 */
export const dashboardRepo = {
  /**
   * Applies the committed pending changes to the aggregates; how many transactions' changes it applied. `wait`
   * false: 0 at once while another fold runs (that fold notifies what moved).
   */
  async fold(db: Executor, { wait }: { wait: boolean } = { wait: true }): Promise<number> {
    const { rows } = await prepared(
      sql<{ folded: number }>`SELECT dashboard_fold(${wait}) AS folded`,
    ).execute(db);
    return rows[0]!.folded;
  },

  /**
   * Everything a period's figures need, in one statement (one round trip, one connection):
   * - `gauges`: every level now by `all`, and the dossiers open (in one of `openStatuses`) by product and by region
   *   as the metric `open` (a few dozen rows);
   * - `totals`: each flow key's running totals on `to`, on the day before `from` and on the day before the previous
   *   period's start: three backward probes of the primary key per key, whatever the period's length;
   * - `series`: each field's `all` flow summed per `groupBy` bucket of `from`..`to` that moved.
   */
  async period(
    db: Executor,
    query: {
      keys: readonly FlowKey[];
      openStatuses: readonly string[];
      seriesMetrics: Readonly<Record<SeriesField, string>>;
      from: string;
      to: string;
      beforeFrom: string;
      beforePrevious: string;
      groupBy: MetricsGroupBy;
    },
  ): Promise<PeriodAggregates> {
    const { keys, seriesMetrics: metricOf, from, to, groupBy } = query;
    const at = (day: string) => sql`coalesce((SELECT r.totals FROM metric_running r
       WHERE r.metric = k.metric AND r.dim = k.dim AND r.day <= ${day}::date ORDER BY r.day DESC LIMIT 1), '{}')`;
    const field = (name: SeriesField) =>
      sql`coalesce(sum(value) FILTER (WHERE metric = ${metricOf[name]}), 0)`;
    // Prepared: its planning (three subplans per key) costs more than its run.
    const { rows } = await prepared(sql<PeriodAggregates>`
      SELECT
        (SELECT coalesce(json_agg(g), '[]') FROM (
           SELECT metric, dim, dim_value AS "dimValue", value FROM metric_gauges WHERE dim = 'all' AND value <> 0
           UNION ALL
           SELECT 'open', dim, dim_value, sum(value) FROM metric_gauges
            WHERE dim <> 'all' AND metric = ANY(${query.openStatuses.map((s) => `status.${s}`)}::text[])
            GROUP BY dim, dim_value) g) AS gauges,
        (SELECT json_agg(t) FROM (
           SELECT k.metric, k.dim, ${at(to)} AS "atTo", ${at(query.beforeFrom)} AS "beforeFrom",
                  ${at(query.beforePrevious)} AS "beforePrevious"
             FROM unnest(${keys.map((k) => k.metric)}::text[], ${keys.map((k) => k.dim)}::text[])
               AS k (metric, dim)) t) AS totals,
        (SELECT coalesce(json_agg(s), '[]') FROM (
           SELECT date_trunc(${groupBy}, day::timestamp)::date::text AS bucket, ${field('opened')} AS opened,
                  ${field('closed')} AS closed, ${field('estimatedCents')} AS "estimatedCents",
                  ${field('obtainedCents')} AS "obtainedCents"
             FROM metric_daily
            WHERE metric = ANY(${Object.values(metricOf)}::text[]) AND dim = 'all'
              AND day BETWEEN ${from}::date AND ${to}::date
            GROUP BY 1) s) AS series`).execute(db);
    return rows[0]!;
  },
};
