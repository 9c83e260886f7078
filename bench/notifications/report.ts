import os from 'node:os';
import { type Percentiles, round2, triple } from '../support.ts';
import type { announcementToAll } from './announcement.ts';
import type { eventLatency } from './events.ts';
import type { messagingFloor } from './floor.ts';
import type { Scale } from './scale.ts';

export type NotificationsRun = {
  scale: Scale;
  event: Awaited<ReturnType<typeof eventLatency>>;
  floor: Awaited<ReturnType<typeof messagingFloor>>;
  echo: Percentiles;
  announcement: Awaited<ReturnType<typeof announcementToAll>>;
  loadBefore: number;
};

const ratio = (a: number, b: number) => (b > 0 ? round2(a / b) : null);
const s = (value: number | null) => (value === null ? 'not reached' : `${value} s`);

/** Prints the figures, then one JSON line (the one the closing note quotes). */
export function printReport({ scale, event, floor, echo, announcement, loadBefore }: NotificationsRun) {
  const rows: [string, string][] = [
    ['users / sockets', `${scale.users} / ${scale.sockets}`],
    ['event rate × duration', `${scale.rate}/s × ${scale.seconds} s`],
    ['event → socket p50 / p95 / p99 ms', triple(event.latency)],
    ['event max ms', String(event.latency.max_ms)],
    [
      'events sent / received / lost / dup',
      `${event.sent} / ${event.received} / ${event.lost} / ${event.duplicated}`,
    ],
    ['messaging floor p50 / p95 / p99 ms', triple(floor.delivery)],
    ['floor sent / received / lost', `${floor.sent} / ${floor.received} / ${floor.lost}`],
    [
      'event ÷ messaging floor (p50, p99)',
      `${ratio(event.latency.p50_ms, floor.delivery.p50_ms)} , ${ratio(event.latency.p99_ms, floor.delivery.p99_ms)}`,
    ],
    ['ws echo p50 / p95 / p99 ms', triple(echo)],
    [
      'event ÷ ws echo (p50, p99)',
      `${ratio(event.latency.p50_ms, echo.p50_ms)} , ${ratio(event.latency.p99_ms, echo.p99_ms)}`,
    ],
    ['announcement recipients', String(announcement.recipients)],
    ['announcement stored', s(announcement.stored_s)],
    [
      'announcement on every socket',
      `${s(announcement.delivered_s)} (${announcement.sockets_reached}/${scale.sockets})`,
    ],
    [
      'announcement e-mail jobs queued',
      `${s(announcement.emails_queued_s)} (${announcement.email_jobs_queued}/${announcement.emails})`,
    ],
    [
      'announcement e-mails delivered',
      `${s(announcement.emails_sent_s)} (${announcement.emails_per_s ?? '–'} a second; ${announcement.emails_held} held by quiet hours)`,
    ],
    [
      'machine: cores, load avg before → after',
      `${os.cpus().length}, ${loadBefore.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)}`,
    ],
  ];
  console.log('');
  for (const [k, v] of rows) console.log(`${k.padEnd(40)} ${v}`);
  console.log(
    JSON.stringify({
      bench: 'notifications',
      scale,
      // Other processes compete for the same cores: read latencies against this.
      machine: {
        cores: os.cpus().length,
        loadavg_before: round2(loadBefore),
        loadavg_after: round2(os.loadavg()[0]!),
      },
      results: {
        event: {
          ...event.latency,
          sent: event.sent,
          received: event.received,
          lost: event.lost,
          duplicated: event.duplicated,
          // p99 ÷ p99: over the messaging delivery (the floor), and over a raw WebSocket echo.
          floor_ratio: ratio(event.latency.p99_ms, floor.delivery.p99_ms),
          ws_echo_ratio: ratio(event.latency.p99_ms, echo.p99_ms),
          timeline: event.stalls,
        },
        announcement,
        floor: { messaging: { ...floor.delivery, sent: floor.sent, lost: floor.lost }, ws_echo: echo },
      },
    }),
  );
}
