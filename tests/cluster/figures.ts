/** The cluster suite's figures: percentiles and the load's throughput before, during and after the restarts. */
import { round2 } from '../faults/report.ts';
import type { Restart } from './fleet.ts';
import type { ClusterLoad, Second } from './load.ts';

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/** Mean answers, messages and failures per second in each phase (the first and last seconds left out). */
export function phaseThroughput(load: ClusterLoad, restarts: readonly Restart[]) {
  const firstRestart = load.secondOf(Math.min(...restarts.map((r) => r.from)));
  const lastRestart = load.secondOf(Math.max(...restarts.map((r) => r.to)));
  const last = Math.max(...load.seconds.keys());
  const mean = (from: number, to: number): Second => {
    const total = { ok: 0, messages: 0, failed: 0 };
    let n = 0;
    for (let s = from; s < to; s++) {
      const second = load.seconds.get(s) ?? { ok: 0, messages: 0, failed: 0 };
      total.ok += second.ok;
      total.messages += second.messages;
      total.failed += second.failed;
      n++;
    }
    const per = (v: number) => round2(v / Math.max(1, n));
    return { ok: per(total.ok), messages: per(total.messages), failed: per(total.failed) };
  };
  const detail = {
    before: mean(2, firstRestart),
    during: mean(firstRestart, lastRestart + 1),
    after: mean(lastRestart + 1, last),
  };
  const sum = (t: Second) => round2(t.ok + t.messages);
  return { detail, before: sum(detail.before), during: sum(detail.during), after: sum(detail.after) };
}
