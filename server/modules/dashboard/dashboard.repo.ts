import { sql } from 'kysely';
import type { Executor } from '../../db/pool.ts';

export type MetricRow = { metric: string; dim: string; dimValue: string; value: number };
export type SeriesRow = { metric: string; day: string; value: number };
/** One flow's key: its metric and a dimension's value ('all' and '' for the total). */
export type FlowKey = { metric: string; dim: string; dimValue: string };
/** A flow's running totals at the three bounds of a period and the one before it. */
export type FlowTotals = FlowKey & { atTo: number; beforeFrom: number; beforePrevious: number };

/** Reads of the aggregates of 019_dashboard_metrics.sql; never of the base tables. */
export const dashboardRepo = {
  /** Every level now (a few hundred rows). */
  async gauges(db: Executor): Promise<MetricRow[]> {
    return db
      .selectFrom('metricGauges')
      .select(['metric', 'dim', 'dimValue', 'value'])
      .where('value', '<>', 0)
      .execute();
  },

  /**
   * Each key's running total on `to`, on the day before `from` and on the day before `previousFrom`: three
   * backward probes of the primary key per key, whatever the period's length.
   */
  async totals(
    db: Executor,
    keys: readonly FlowKey[],
    days: { to: string; beforeFrom: string; beforePrevious: string },
  ): Promise<FlowTotals[]> {
    const at = (day: string) => sql<number>`coalesce((SELECT r.total FROM metric_running r
       WHERE r.metric = k.metric AND r.dim = k.dim AND r.dim_value = k.dim_value AND r.day <= ${day}::date
       ORDER BY r.day DESC LIMIT 1), 0)`;
    const { rows } = await sql<FlowTotals>`
      SELECT k.metric, k.dim, k.dim_value AS "dimValue", ${at(days.to)} AS "atTo",
             ${at(days.beforeFrom)} AS "beforeFrom", ${at(days.beforePrevious)} AS "beforePrevious"
        FROM unnest(${keys.map((k) => k.metric)}::text[], ${keys.map((k) => k.dim)}::text[],
                    ${keys.map((k) => k.dimValue)}::text[]) AS k (metric, dim, dim_value)`.execute(db);
    return rows;
  },

  /** The `all` flows `metrics` per day of `from`..`to`. */
  async daily(db: Executor, metrics: readonly string[], from: string, to: string): Promise<SeriesRow[]> {
    const { rows } = await sql<SeriesRow>`
      SELECT metric, day::text AS day, value FROM metric_daily
       WHERE metric = ANY(${metrics}::text[]) AND dim = 'all' AND day BETWEEN ${from}::date AND ${to}::date`.execute(
      db,
    );
    return rows;
  },
};
