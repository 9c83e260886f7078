import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/pool.ts';
import type { PeriodParts } from './metrics-period.ts';

export type MetricRow = { metric: string; dim: string; dimValue: string; value: number };
export type PeriodRow = MetricRow & { period: 'current' | 'previous' };
export type SeriesRow = { metric: string; day: string; value: number };

/** Both leading key columns constrained: the primary key is probed per (metric, dim) instead of read whole. */
const dims = sql`dim = ANY('{all,product,region,bucket}'::text[])`;

function flowsOf(label: string, parts: PeriodParts, metrics: readonly string[]): RawBuilder<unknown>[] {
  const selects: RawBuilder<unknown>[] = [];
  if (parts.months) {
    selects.push(sql`SELECT ${label}::text AS period, metric, dim, dim_value, value FROM metric_monthly
      WHERE metric = ANY(${metrics}::text[]) AND ${dims} AND month BETWEEN ${parts.months[0]}::date AND ${parts.months[1]}::date`);
  }
  for (const [from, to] of parts.days) {
    selects.push(sql`SELECT ${label}::text AS period, metric, dim, dim_value, value FROM metric_daily
      WHERE metric = ANY(${metrics}::text[]) AND ${dims} AND day BETWEEN ${from}::date AND ${to}::date`);
  }
  return selects;
}

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

  /** The flows `metrics` summed over two periods, by dimension, each period read from its months and edge days. */
  async flows(
    db: Executor,
    metrics: readonly string[],
    current: PeriodParts,
    previous: PeriodParts,
  ): Promise<PeriodRow[]> {
    const selects = [...flowsOf('current', current, metrics), ...flowsOf('previous', previous, metrics)];
    const { rows } = await sql<PeriodRow>`
      SELECT period, metric, dim, dim_value AS "dimValue", sum(value)::bigint AS value
        FROM (${sql.join(selects, sql` UNION ALL `)}) flows
       GROUP BY period, metric, dim, dim_value`.execute(db);
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
