/**
 * The metrics floor: the aggregate rows `GET /api/admin/metrics` reads for a period — the levels now (by `all`, and
 * the open dossiers by product and region), the running totals of the same flow keys at the period's bounds and the
 * previous period's, the period's series by bucket — in ONE query on the app's pool, answered as rows. What the
 * endpoint adds on top is its own work: four reads instead of one, medians, the waterfall, the empty buckets, the
 * response's validation and serialisation.
 */
import { sql } from 'kysely';
import type { MetricsGroupBy } from '../../common/admin-metrics.ts';
import type { Db } from '../../server/db/pool.ts';
import { flowKeys, leftStatuses, seriesMetrics } from '../../server/modules/dashboard/metric-keys.ts';
import { dayBefore, previousPeriod } from '../../server/modules/dashboard/metrics-period.ts';

export async function readFloorRows(db: Db, from: string, to: string, groupBy: MetricsGroupBy) {
  const previous = previousPeriod(from, to);
  const at = (day: string) => sql`coalesce((SELECT r.totals FROM metric_running r
     WHERE r.metric = k.metric AND r.dim = k.dim AND r.day <= ${day}::date ORDER BY r.day DESC LIMIT 1), '{}')`;
  const field = (metric: string) => sql`to_jsonb(coalesce(sum(value) FILTER (WHERE metric = ${metric}), 0))`;
  const { rows } = await sql`
    SELECT 'now' AS part, metric, dim, to_jsonb(dim_value) AS a, to_jsonb(value) AS b, NULL::jsonb AS c,
           NULL::jsonb AS d
      FROM metric_gauges WHERE dim = 'all' AND value <> 0
    UNION ALL
    SELECT 'open', 'open', dim, to_jsonb(dim_value), to_jsonb(sum(value)), NULL, NULL FROM metric_gauges
     WHERE dim <> 'all' AND metric = ANY(${leftStatuses.map((s) => `status.${s}`)}::text[]) GROUP BY dim, dim_value
    UNION ALL
    SELECT 'flow', k.metric, k.dim, ${at(to)}, ${at(dayBefore(from))}, ${at(dayBefore(previous.from))}, NULL
      FROM unnest(${flowKeys.map((k) => k.metric)}::text[], ${flowKeys.map((k) => k.dim)}::text[]) AS k (metric, dim)
    UNION ALL
    SELECT 'series', date_trunc(${groupBy}, day::timestamp)::date::text, 'all', ${field(seriesMetrics.opened)},
           ${field(seriesMetrics.closed)}, ${field(seriesMetrics.estimatedCents)}, ${field(seriesMetrics.obtainedCents)}
      FROM metric_daily
     WHERE metric = ANY(${Object.values(seriesMetrics)}::text[]) AND dim = 'all'
       AND day BETWEEN ${from}::date AND ${to}::date
     GROUP BY 2`.execute(db);
  return rows;
}
