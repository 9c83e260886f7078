import os from 'node:os';
import { type Percentiles, round2 as r2 } from '../support.ts';
import { PER_CONVERSATION, QUICK, SCALE } from './data.ts';
import type { httpScenarios } from './http.ts';
import type { liveDelivery } from './live.ts';

/** Prints the results as a table, then as one JSON line. */
export function printReport({
  conversations,
  live,
  http,
  echo,
  loadBefore,
}: {
  conversations: number;
  live: Awaited<ReturnType<typeof liveDelivery>>;
  http: Awaited<ReturnType<typeof httpScenarios>>;
  echo: Percentiles;
  loadBefore: number;
}) {
  const { sent, acked, ackErrors, received, lost, duplicated, delivery: deliveryStats, ack: ackStats } = live;
  const { history, search, searchAll } = http;
  const ratio = (a: number, b: number) => (b > 0 ? r2(a / b) : null);
  const rows: [string, string][] = [
    ['sockets / conversations', `${live.sockets} / ${conversations}`],
    ['history messages', `${PER_CONVERSATION * conversations}`],
    ['rate × duration', `${SCALE.rate}/s × ${SCALE.durationS} s`],
    ['sent / acked / ack errors', `${sent} / ${acked} / ${ackErrors}`],
    ['received / lost / duplicated', `${received} / ${lost} / ${duplicated}`],
    [
      'delivery p50 / p95 / p99 ms',
      `${deliveryStats.p50_ms} / ${deliveryStats.p95_ms} / ${deliveryStats.p99_ms}`,
    ],
    ['ack p50 / p95 / p99 ms', `${ackStats.p50_ms} / ${ackStats.p95_ms} / ${ackStats.p99_ms}`],
    ['ws echo p50 / p95 / p99 ms', `${echo.p50_ms} / ${echo.p95_ms} / ${echo.p99_ms}`],
    [
      'delivery ÷ floor (p50, p99)',
      `${ratio(deliveryStats.p50_ms, echo.p50_ms)} , ${ratio(deliveryStats.p99_ms, echo.p99_ms)}`,
    ],
    [
      'history page p50 / p95 / p99 ms',
      `${history.p50_ms} / ${history.p95_ms} / ${history.p99_ms} (${history.rps} rps)`,
    ],
    [
      'search (own) p50 / p95 / p99 ms',
      `${search.p50_ms} / ${search.p95_ms} / ${search.p99_ms} (${search.rps} rps)`,
    ],
    [
      'search (all 1M) p50 / p95 / p99',
      `${searchAll.p50_ms} / ${searchAll.p95_ms} / ${searchAll.p99_ms} (${searchAll.rps} rps)`,
    ],
    [
      'machine: cores, load avg before → after',
      `${os.cpus().length}, ${loadBefore.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)}`,
    ],
    ['http errors', `${history.errors + search.errors + searchAll.errors}`],
  ];
  console.log('');
  for (const [k, v] of rows) console.log(`${k.padEnd(34)} ${v}`);
  console.log(
    JSON.stringify({
      bench: 'messaging',
      scale: {
        sockets: live.sockets,
        conversations,
        messages: PER_CONVERSATION * conversations,
        rate_per_s: SCALE.rate,
        duration_s: SCALE.durationS,
        quick: QUICK,
      },
      // Other processes compete for the same cores: read latencies against this.
      machine: {
        cores: os.cpus().length,
        loadavg_before: r2(loadBefore),
        loadavg_after: r2(os.loadavg()[0]!),
      },
      results: {
        delivery: { ...deliveryStats, floor_ratio: ratio(deliveryStats.p99_ms, echo.p99_ms) },
        ack: { ...ackStats, floor_ratio: ratio(ackStats.p99_ms, echo.p99_ms) },
        counts: { sent, acked, ack_errors: ackErrors, received, lost, duplicated },
        history: history,
        search: search,
        search_all: searchAll,
        ws_echo: echo,
      },
    }),
  );
}
