import { round2 } from './support.ts';

/**
 * `--runs N` on the command line (default 1): how many times a benchmark repeats its measured phase on the same
 * data, back to back, each run starting from what the previous one left behind.
 */
export function runsFromArgs(argv = process.argv): number {
  const at = argv.indexOf('--runs');
  const runs = at >= 0 ? Number(argv[at + 1]) : 1;
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a whole number ≥ 1');
  return runs;
}

/** The spread of one figure over the runs: each run's value, their median and the worst (highest). */
export function spread(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    runs: values.map(round2),
    median: round2(sorted[Math.floor((sorted.length - 1) / 2)] ?? 0),
    worst: round2(sorted[sorted.length - 1] ?? 0),
  };
}
