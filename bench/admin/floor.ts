/**
 * The metrics floor: the aggregate rows `GET /api/admin/metrics` reads for a period — every level now, the running
 * totals of the same flow keys at the period's bounds and the previous period's, the daily series of the period —
 * in ONE query on the app's pool, answered as rows. What the endpoint adds on top is its own work: three queries
 * instead of one, medians, the waterfall, the buckets, the response's validation and serialisation.
 */
import { sql } from 'kysely';
import type { Db } from '../../server/db/pool.ts';
import { flowKeys, seriesMetrics } from '../../server/modules/dashboard/metric-keys.ts';
import { dayBefore, previousPeriod } from '../../server/modules/dashboard/metrics-period.ts';

export async function readFloorRows(db: Db, productCodes: readonly string[], from: string, to: string) {
  const previous = previousPeriod(from, to);
  const keys = flowKeys(productCodes);
  const at = (day: string) => sql`coalesce((SELECT r.total FROM metric_running r
     WHERE r.metric = k.metric AND r.dim = k.dim AND r.dim_value = k.dim_value AND r.day <= ${day}::date
     ORDER BY r.day DESC LIMIT 1), 0)`;
  const { rows } = await sql`
    SELECT 'now' AS period, metric, dim, dim_value, value, 0::bigint AS before, 0::bigint AS earlier
      FROM metric_gauges WHERE value <> 0
    UNION ALL
    SELECT 'flow', k.metric, k.dim, k.dim_value, ${at(to)}, ${at(dayBefore(from))}, ${at(dayBefore(previous.from))}
      FROM unnest(${keys.map((k) => k.metric)}::text[], ${keys.map((k) => k.dim)}::text[],
                  ${keys.map((k) => k.dimValue)}::text[]) AS k (metric, dim, dim_value)
    UNION ALL
    SELECT day::text, metric, dim, dim_value, value, 0, 0 FROM metric_daily
     WHERE metric = ANY (${Object.values(seriesMetrics)}::text[]) AND dim = 'all'
       AND day BETWEEN ${from}::date AND ${to}::date`.execute(db);
  return rows;
}
