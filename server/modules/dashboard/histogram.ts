/**
 * Duration histograms (lead times, first responses): bucket upper bounds in minutes, the same list as
 * `dashboard_bucket` in 019_dashboard_metrics.sql; the last bucket also holds everything longer.
 */
export const bucketBoundsMinutes = [
  15, 30, 60, 120, 180, 240, 360, 480, 720, 1080, 1440, 2160, 2880, 4320, 5760, 7200, 10080, 14400, 20160,
  30240, 43200, 64800, 86400, 129600, 259200, 525600,
] as const;

/** A bucket's representative value: the midpoint between the previous bound (0 for the first) and its own. */
function representative(upper: number): number {
  const index = bucketBoundsMinutes.indexOf(upper as (typeof bucketBoundsMinutes)[number]);
  const lower = index > 0 ? bucketBoundsMinutes[index - 1]! : 0;
  return (lower + upper) / 2;
}

/** The median of a histogram (counts by bucket upper bound, in minutes), as its bucket's representative; null if empty. */
export function histogramMedianMinutes(counts: ReadonlyMap<number, number>): number | null {
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  let seen = 0;
  for (const upper of bucketBoundsMinutes) {
    seen += counts.get(upper) ?? 0;
    if (seen * 2 >= total) return representative(upper);
  }
  return null;
}

export function histogramCount(counts: ReadonlyMap<number, number>): number {
  return [...counts.values()].reduce((sum, n) => sum + n, 0);
}
