import { type RawBuilder, sql } from 'kysely';

/** Which dossiers a report counts: all, or those of a product, of companies in a region, held by an expert. */
export type ReportScope = { productCode?: string; region?: string; expertId?: string };

/** The instant a Paris day (an ISO date) starts. */
export const parisStart = (day: string) => sql`(${day}::date::timestamp AT TIME ZONE 'Europe/Paris')`;

/** The instant the next Paris day starts: a day is 23 or 25 hours long when the clocks change. */
export const parisEnd = (day: string) => sql`((${day}::date + 1)::timestamp AT TIME ZONE 'Europe/Paris')`;

/** The scope as a condition on `d` (dossiers) and `c` (their companies); the expert is `expertColumn`. */
export function scopeFilter(scope: ReportScope, expertColumn: RawBuilder<unknown> = sql`d.expert_id`) {
  return sql.join(
    [
      sql`true`,
      ...(scope.productCode ? [sql`d.product_code = ${scope.productCode}`] : []),
      ...(scope.region ? [sql`c.region = ${scope.region}`] : []),
      ...(scope.expertId ? [sql`${expertColumn} = ${scope.expertId}::uuid`] : []),
    ],
    sql` AND `,
  );
}
