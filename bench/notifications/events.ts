import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { NotificationLive } from '../../common/notifications.ts';
import type { Db } from '../../server/db/pool.ts';
import type { ClientSocket } from '../../tests/support/socket-client.ts';
import { paced } from '../paced.ts';
import { percentiles } from '../support.ts';
import { startPgActivity } from '../timeline/pg-activity.ts';
import type { RuntimeSample } from '../timeline/runtime-probe.ts';
import { printTimeline, stallsOf, Timeline } from '../timeline/timeline.ts';
import { waitFor } from './floor.ts';
import type { Scale } from './scale.ts';
import { eventLink, type NotifyCommand } from './server.ts';

/**
 * An event to one user at a time, `scale.rate` a second for `scale.seconds`, each to the next connected user in
 * turn: from the command to the server (the publication, plus one IPC hop) to its `notification:new` on that user's
 * socket, once the warm-up's e-mails are delivered. `userIds[k]` is the user of `sockets[k]`. The measured events are bucketed per second beside what the server's
 * runtime and PostgreSQL did (the messaging benchmark's timeline).
 */
export async function eventLatency(
  child: ChildProcess,
  db: Db,
  databaseUrl: string,
  sockets: ClientSocket[],
  userIds: string[],
  scale: Scale,
) {
  const run = randomUUID().slice(0, 8);
  const prefix = eventLink(run, 0).slice(0, -1);
  const sentAt: number[] = [];
  const latencies: number[] = [];
  const seen = new Set<number>();
  let duplicated = 0;
  let timeline: Timeline | null = null;
  const onLive = (live: NotificationLive) => {
    if (!live.notification.link.startsWith(prefix)) return;
    const i = Number(live.notification.link.slice(prefix.length));
    if (seen.has(i)) duplicated++;
    else {
      seen.add(i);
      const latency = performance.now() - sentAt[i]!;
      latencies.push(latency);
      timeline?.recordLatency(sentAt[i]!, latency);
    }
  };
  for (const socket of sockets) socket.on('notification:new', onLive);
  const publish = (i: number) => {
    sentAt[i] = performance.now();
    timeline?.recordSent(sentAt[i]);
    const command: NotifyCommand = { notify: { run, i, userId: userIds[i % userIds.length]! } };
    child.send(command);
  };
  // Unmeasured: one event per connected user.
  for (let i = 0; i < sockets.length; i++) publish(i);
  await waitFor(() => seen.size >= sockets.length, 20_000);
  await deliveriesDrained(db);
  const warm = seen.size;
  latencies.length = 0;
  console.log(`Events to one user: ${scale.rate}/s for ${scale.seconds} s…`);
  const onRuntime = (m: unknown) => {
    const sample = (m as { runtime?: RuntimeSample }).runtime;
    if (sample) timeline?.recordRuntime(sample);
  };
  child.on('message', onRuntime);
  const stopPgActivity = await startPgActivity(databaseUrl, (sample) => timeline?.recordDatabase(sample));
  timeline = new Timeline();
  const sent = await paced(scale.rate, scale.seconds, (i) => publish(sockets.length + i));
  await waitFor(() => seen.size - warm >= sent, 5_000);
  await stopPgActivity();
  child.off('message', onRuntime);
  for (const socket of sockets) socket.off('notification:new', onLive);
  const rows = timeline.rows();
  printTimeline('Events per second (ms; gc: pauses, total/longest ms)', rows);
  const received = seen.size - warm;
  return {
    sent,
    received,
    lost: Math.max(0, sent - received),
    duplicated,
    latency: percentiles(latencies),
    stalls: stallsOf(rows),
  };
}

/** Resolves once no delivery job is due or running: the warm-up's e-mails are not sent during the measured phase. */
async function deliveriesDrained(db: Db) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pgboss.job
      WHERE name = 'notifications.deliver' AND state IN ('created', 'retry', 'active') AND start_after <= now()`.execute(
      db,
    );
    if (rows[0]!.n === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the warm-up’s deliveries did not drain within 60 s');
}
