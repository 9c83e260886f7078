/** The numbers behind the charts' geometry: nice axis bounds and ticks, linear scales. */

/** A round step (1, 2 or 5 times a power of ten) that splits `max` into about `count` intervals. */
export function niceStep(max: number, count: number): number {
  if (max <= 0) return 1;
  const raw = max / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  // The figures are counts and cents: never a tick between two integers.
  return Math.max(1, step);
}

/** The ticks of a value axis from 0: evenly spaced round values whose last one reaches `max`. */
export function niceTicks(max: number, count = 4): number[] {
  const step = niceStep(max, count);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let value = 0; value <= top + step / 2; value += step) ticks.push(value);
  return ticks;
}

/** A function taking a value of `domain` to its position in `range`; a flat domain maps to the range's start. */
export function linearScale([d0, d1]: [number, number], [r0, r1]: [number, number]) {
  const span = d1 - d0;
  return (value: number) => (span === 0 ? r0 : r0 + ((value - d0) / span) * (r1 - r0));
}

/** The share `value / total` in 0..1, 0 when there is no total. */
export function share(value: number, total: number): number {
  return total > 0 ? Math.min(1, Math.max(0, value / total)) : 0;
}

/** Which ticks to write on an axis of `count` buckets so that at most `room` labels show, evenly spaced. */
export function tickIndexes(count: number, room: number): number[] {
  if (count <= 0) return [];
  const step = Math.max(1, Math.ceil(count / Math.max(1, room)));
  const indexes: number[] = [];
  for (let i = 0; i < count; i += step) indexes.push(i);
  return indexes;
}
