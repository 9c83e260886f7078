/**
 * The metrics floor: the aggregate rows `GET /api/admin/metrics` reads for a period — every level now, the flows of
 * the period and of the previous one (whole months from the monthly table, edge days from the daily one, summed per
 * metric and dimension), the daily series of the period — in ONE query on the app's pool, answered as rows. What
 * the endpoint adds on top is its own work: several queries instead of one, medians, the waterfall, the buckets, the
 * response's validation and serialisation.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../server/db/pool.ts';
import {
  type PeriodParts,
  periodParts,
  previousPeriod,
} from '../../server/modules/dashboard/metrics-period.ts';

const seriesMetrics = ['dossiers.opened', 'dossiers.closed', 'amounts.estimated', 'amounts.obtained'];

function flows(label: string, parts: PeriodParts): RawBuilder<unknown>[] {
  const reads: RawBuilder<unknown>[] = parts.days.map(
    ([from, to]) => sql`SELECT ${label}::text AS period, metric, dim, dim_value, value FROM metric_daily
      WHERE day BETWEEN ${from}::date AND ${to}::date`,
  );
  if (parts.months) {
    reads.push(sql`SELECT ${label}::text AS period, metric, dim, dim_value, value FROM metric_monthly
      WHERE month BETWEEN ${parts.months[0]}::date AND ${parts.months[1]}::date`);
  }
  return reads;
}

export async function readFloorRows(db: Db, from: string, to: string) {
  const previous = previousPeriod(from, to);
  const reads = [
    ...flows('current', periodParts(from, to)),
    ...flows('previous', periodParts(previous.from, previous.to)),
  ];
  const { rows } = await sql`
    SELECT 'now' AS period, metric, dim, dim_value, value FROM metric_gauges WHERE value <> 0
    UNION ALL
    SELECT period, metric, dim, dim_value, sum(value)::bigint FROM (${sql.join(reads, sql` UNION ALL `)}) f
      GROUP BY period, metric, dim, dim_value
    UNION ALL
    SELECT day::text, metric, dim, dim_value, value FROM metric_daily
      WHERE metric = ANY (${seriesMetrics}::text[]) AND dim = 'all' AND day BETWEEN ${from}::date AND ${to}::date`.execute(
    db,
  );
  return rows;
}
