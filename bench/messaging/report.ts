import os from 'node:os';
import { spread } from '../runs.ts';
import { type Percentiles, round2 as r2, triple } from '../support.ts';
import type { stallsOf } from '../timeline/timeline.ts';
import { PER_CONVERSATION, QUICK, SCALE } from './data.ts';
import type { httpScenarios } from './http.ts';
import type { liveDelivery } from './live.ts';

export type MessagingRun = {
  live: Awaited<ReturnType<typeof liveDelivery>>;
  /** Null for a run after which the HTTP scenarios did not run (`--http-last`). */
  http: Awaited<ReturnType<typeof httpScenarios>> | null;
  stalls: ReturnType<typeof stallsOf>;
};

const ratio = (a: number, b: number) => (b > 0 ? r2(a / b) : null);

/**
 * Prints each run, the spread over the runs, then one JSON line. The JSON's usual keys describe the median run (by
 * delivery p99); `*_worst_run` and `*_runs` give the worst and every run.
 */
export function printReport({
  conversations,
  runs,
  echo,
  commit,
  loadBefore,
}: {
  conversations: number;
  runs: MessagingRun[];
  echo: Percentiles;
  /** A one-row commit's latency on the same database (commit-floor.ts). */
  commit: Percentiles;
  loadBefore: number;
}) {
  const deliveryP99 = spread(runs.map((r) => r.live.delivery.p99_ms));
  const ackP99 = spread(runs.map((r) => r.live.ack.p99_ms));
  const maxLatency = spread(runs.map((r) => Math.max(r.live.delivery.max_ms, r.live.ack.max_ms)));
  const withHttp = runs.flatMap((r) => (r.http ? [r.http] : []));
  const searchP95 = spread(withHttp.map((h) => h.search.p95_ms));
  const median = [...runs].sort((a, b) => a.live.delivery.p99_ms - b.live.delivery.p99_ms)[
    Math.floor((runs.length - 1) / 2)
  ]!;
  const total = (pick: (r: MessagingRun) => number) => runs.reduce((sum, r) => sum + pick(r), 0);
  const counts = {
    sent: total((r) => r.live.sent),
    acked: total((r) => r.live.acked),
    ack_errors: total((r) => r.live.ackErrors),
    received: total((r) => r.live.received),
    lost: total((r) => r.live.lost),
    duplicated: total((r) => r.live.duplicated),
  };

  console.log('\nrun  delivery p50/p95/p99  max      ack p99  lost dup  slow s (unexplained)  search p95');
  runs.forEach((r, i) => {
    console.log(
      [
        String(i + 1).padStart(3),
        triple(r.live.delivery).padStart(20),
        String(r.live.delivery.max_ms).padStart(8),
        String(r.live.ack.p99_ms).padStart(8),
        String(r.live.lost).padStart(5),
        String(r.live.duplicated).padStart(3),
        `${r.stalls.slow_seconds} (${r.stalls.unexplained_seconds})`.padStart(12),
        String(r.http?.search.p95_ms ?? '-').padStart(18),
      ].join('  '),
    );
  });
  const { live } = median;
  const http = median.http ?? withHttp.at(-1)!;
  const rows: [string, string][] = [
    ['sockets / conversations', `${live.sockets} / ${conversations}`],
    ['history messages', `${PER_CONVERSATION * conversations} (+ what earlier runs sent)`],
    ['rate × duration × runs', `${SCALE.rate}/s × ${SCALE.durationS} s × ${runs.length}`],
    ['sent / acked / ack errors (all runs)', `${counts.sent} / ${counts.acked} / ${counts.ack_errors}`],
    ['received / lost / duplicated', `${counts.received} / ${counts.lost} / ${counts.duplicated}`],
    ['delivery p99: median / worst run', `${deliveryP99.median} / ${deliveryP99.worst} ms`],
    ['ack p99: median / worst run', `${ackP99.median} / ${ackP99.worst} ms`],
    ['max latency: median / worst run', `${maxLatency.median} / ${maxLatency.worst} ms`],
    ['median run: delivery p50 / p95 / p99', triple(live.delivery)],
    ['median run: ack p50 / p95 / p99', triple(live.ack)],
    ['ws echo p50 / p95 / p99 ms', triple(echo)],
    [
      'delivery ÷ floor (p50, p99)',
      `${ratio(live.delivery.p50_ms, echo.p50_ms)} , ${ratio(live.delivery.p99_ms, echo.p99_ms)}`,
    ],
    ['commit floor p50 / p95 / p99 ms', triple(commit)],
    [
      'delivery ÷ commit floor (p50, p99)',
      `${ratio(live.delivery.p50_ms, commit.p50_ms)} , ${ratio(live.delivery.p99_ms, commit.p99_ms)}`,
    ],
    ['median run: history page', `${triple(http.history)} (${http.history.rps} rps)`],
    ['search (own) p95: median / worst run', `${searchP95.median} / ${searchP95.worst} ms`],
    ['median run: search (all 1M)', `${triple(http.searchAll)} (${http.searchAll.rps} rps)`],
    [
      'machine: cores, load avg before → after',
      `${os.cpus().length}, ${loadBefore.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)}`,
    ],
    [
      'http errors (all runs)',
      `${withHttp.reduce((sum, h) => sum + h.history.errors + h.search.errors + h.searchAll.errors, 0)}`,
    ],
  ];
  console.log('');
  for (const [k, v] of rows) console.log(`${k.padEnd(40)} ${v}`);
  console.log(
    JSON.stringify({
      bench: 'messaging',
      scale: {
        sockets: live.sockets,
        conversations,
        messages: PER_CONVERSATION * conversations,
        rate_per_s: SCALE.rate,
        duration_s: SCALE.durationS,
        runs: runs.length,
        quick: QUICK,
      },
      // Other processes compete for the same cores: read latencies against this.
      machine: {
        cores: os.cpus().length,
        loadavg_before: r2(loadBefore),
        loadavg_after: r2(os.loadavg()[0]!),
      },
      results: {
        delivery: {
          ...live.delivery,
          floor_ratio: ratio(live.delivery.p99_ms, echo.p99_ms),
          p99_ms_worst_run: deliveryP99.worst,
          p99_ms_runs: deliveryP99.runs,
          max_ms_worst_run: maxLatency.worst,
        },
        ack: {
          ...live.ack,
          floor_ratio: ratio(live.ack.p99_ms, echo.p99_ms),
          p99_ms_worst_run: ackP99.worst,
          p99_ms_runs: ackP99.runs,
        },
        counts,
        timeline: {
          slow_seconds_runs: runs.map((r) => r.stalls.slow_seconds),
          unexplained_seconds_runs: runs.map((r) => r.stalls.unexplained_seconds),
          worst_second_p99_ms: Math.max(...runs.map((r) => r.stalls.worst_second_p99_ms)),
        },
        history: http.history,
        search: { ...http.search, p95_ms_worst_run: searchP95.worst, p95_ms_runs: searchP95.runs },
        search_all: http.searchAll,
        ws_echo: echo,
        commit_floor: commit,
      },
    }),
  );
}
