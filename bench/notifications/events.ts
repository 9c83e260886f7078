import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { NotificationLive } from '../../common/notifications.ts';
import type { ClientSocket } from '../../tests/support/socket-client.ts';
import { paced } from '../messaging/live.ts';
import { percentiles } from '../support.ts';
import { waitFor } from './floor.ts';
import type { Scale } from './scale.ts';
import { eventLink, type NotifyCommand } from './server.ts';

/**
 * An event to one user at a time, `scale.rate` a second for `scale.seconds`, each to the next connected user in
 * turn: from the command to the server (the publication, plus one IPC hop) to its `notification:new` on that user's
 * socket. `userIds[k]` is the user of `sockets[k]`.
 */
export async function eventLatency(
  child: ChildProcess,
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
  const onLive = (live: NotificationLive) => {
    if (!live.notification.link.startsWith(prefix)) return;
    const i = Number(live.notification.link.slice(prefix.length));
    if (seen.has(i)) duplicated++;
    else {
      seen.add(i);
      latencies.push(performance.now() - sentAt[i]!);
    }
  };
  for (const socket of sockets) socket.on('notification:new', onLive);
  const publish = (i: number) => {
    sentAt[i] = performance.now();
    const command: NotifyCommand = { notify: { run, i, userId: userIds[i % userIds.length]! } };
    child.send(command);
  };
  // Unmeasured: one event per connected user.
  for (let i = 0; i < sockets.length; i++) publish(i);
  await waitFor(() => seen.size >= sockets.length, 20_000);
  const warm = seen.size;
  latencies.length = 0;
  console.log(`Events to one user: ${scale.rate}/s for ${scale.seconds} s…`);
  const sent = await paced(scale.rate, scale.seconds, (i) => publish(sockets.length + i));
  await waitFor(() => seen.size - warm >= sent, 5_000);
  for (const socket of sockets) socket.off('notification:new', onLive);
  const received = seen.size - warm;
  return { sent, received, lost: Math.max(0, sent - received), duplicated, latency: percentiles(latencies) };
}
