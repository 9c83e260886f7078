/** How a figure moved against the previous period, and whether that is good news. */
export type Trend = {
  direction: 'up' | 'down' | 'flat';
  /** The change in percent of the previous value, null when there was nothing before (or nothing to compare). */
  percent: number | null;
  /** Percent of the previous value, or percentage points between two rates. */
  unit: 'percent' | 'points';
  tone: 'good' | 'bad' | 'neutral';
};

/**
 * The trend from `previous` to `value`. `better` says which way is good news (fewer hours of lead time are);
 * `points` compares rates (0..1) in percentage points rather than in percent of each other.
 */
export function trendOf(
  value: number | null,
  previous: number | null,
  { better = 'up', points = false }: { better?: 'up' | 'down'; points?: boolean } = {},
): Trend | null {
  if (value === null || previous === null) return null;
  const direction = value > previous ? 'up' : value < previous ? 'down' : 'flat';
  const percent = points
    ? Math.round((value - previous) * 1000) / 10
    : previous === 0
      ? null
      : Math.round(((value - previous) / Math.abs(previous)) * 1000) / 10;
  const tone = direction === 'flat' ? 'neutral' : direction === better ? 'good' : 'bad';
  return { direction, percent, unit: points ? 'points' : 'percent', tone };
}
