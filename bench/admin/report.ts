import os from 'node:os';
import { round2, triple } from '../support.ts';
import type { AggregatesCheck } from './aggregates.ts';
import type { AdminScale } from './data.ts';
import type { liveUpdates, notifyFloor } from './live.ts';
import type { metricsLoad } from './metrics.ts';

export type AdminRun = {
  scale: AdminScale;
  generatedSeconds: number;
  metrics: Awaited<ReturnType<typeof metricsLoad>>;
  live: Awaited<ReturnType<typeof liveUpdates>>;
  liveFloor: Awaited<ReturnType<typeof notifyFloor>>;
  check: AggregatesCheck;
  loadBefore: number;
};

const TARGETS = { metrics_p95_ms: 50, live_update_p95_ms: 500 };
const ratio = (a: number, b: number) => (b > 0 ? round2(a / b) : null);
const met = (value: number, target: number) => (value <= target ? 'met' : 'MISSED');

/** Prints the figures, then one JSON line. */
export function printReport(run: AdminRun) {
  const { scale, generatedSeconds, metrics, live, liveFloor, check, loadBefore } = run;
  const m = metrics.metrics;
  const rows: [string, string][] = [
    ['dossiers / clients / experts', `${scale.dossiers} / ${scale.clients} / ${scale.experts}`],
    ['data generated in (s, when first made)', String(generatedSeconds)],
    ['metrics p50 / p95 / p99 ms', triple(m)],
    ['metrics requests / rps / errors', `${m.count} / ${m.rps} / ${m.errors}`],
    ['floor (rows in one query) p50 / p95 / p99', triple(metrics.floor)],
    ['metrics ÷ floor (p95)', String(metrics.floor_ratio_p95)],
    ['live update p50 / p95 / p99 ms', triple(live)],
    [
      'changes / per s / errors / uncovered',
      `${live.changes} / ${live.rate_per_s} / ${live.errors} / ${live.uncovered}`,
    ],
    ['admin:metrics events received', String(live.events)],
    ['floor NOTIFY → socket p50 / p95 / p99', triple(liveFloor)],
    ['live update ÷ floor (p95)', String(ratio(live.p95_ms, liveFloor.p95_ms))],
    ['aggregates = recount after the run', check.summary],
    [
      'targets: metrics p95 ≤ 50 ms, live p95 ≤ 500 ms',
      `${met(m.p95_ms, TARGETS.metrics_p95_ms)}, ${met(live.p95_ms, TARGETS.live_update_p95_ms)}`,
    ],
    [
      'machine: cores, load avg before → after',
      `${os.cpus().length}, ${loadBefore.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)}`,
    ],
  ];
  console.log('');
  for (const [k, v] of rows) console.log(`${k.padEnd(44)} ${v}`);
  if (live.first_error) console.log(`\nFirst failed change: ${live.first_error}`);
  console.log('');
  console.log(
    JSON.stringify({
      bench: 'admin',
      scale,
      machine: {
        cores: os.cpus().length,
        loadavg_before: round2(loadBefore),
        loadavg_after: round2(os.loadavg()[0]!),
      },
      data: { generated_s: generatedSeconds },
      targets: TARGETS,
      results: {
        metrics: {
          ...m,
          concurrency: 8,
          periods: metrics.periods,
          floor: metrics.floor,
          floor_ratio: metrics.floor_ratio_p95,
        },
        live_update: {
          ...live,
          floor: liveFloor,
          floor_ratio: ratio(live.p95_ms, liveFloor.p95_ms),
        },
        aggregates_check: check,
      },
    }),
  );
}
