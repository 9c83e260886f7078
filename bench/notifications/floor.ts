import { randomUUID } from 'node:crypto';
import type { Message } from '../../common/messaging.ts';
import type { ClientSocket } from '../../tests/support/socket-client.ts';
import { paced } from '../paced.ts';
import { percentiles } from '../support.ts';
import type { Cast } from './data.ts';
import type { Scale } from './scale.ts';

/**
 * The messaging delivery floor, in the same run and on the same server: a client's `message:send` to the expert of
 * its conversation, sender emit → recipient receive, at the rate of the notification events. `sockets` holds the
 * pairs in cast order (client, expert, client, expert…).
 */
export async function messagingFloor(sockets: ClientSocket[], cast: Cast, scale: Scale) {
  const run = randomUUID().slice(0, 8);
  const latencies: number[] = [];
  let received = 0;
  const onMessage = (m: Message) => {
    if (!m.body.includes(` plancher ${run} `)) return;
    latencies.push(performance.now() - Number(m.body.slice(0, m.body.indexOf(' '))));
    received++;
  };
  const experts = sockets.filter((_, k) => k % 2 === 1);
  for (const socket of experts) socket.on('message:new', onMessage);
  const send = (i: number) => {
    const pair = i % cast.length;
    sockets[2 * pair]!.emit(
      'message:send',
      {
        conversationId: cast[pair]!.conversationId,
        clientKey: randomUUID(),
        body: `${performance.now()} plancher ${run} ${i}`,
        attachmentIds: [],
      },
      () => {},
    );
  };
  // Unmeasured: one message per conversation, so every path is warm.
  for (let i = 0; i < cast.length; i++) send(i);
  await waitFor(() => received >= cast.length, 10_000);
  latencies.length = 0;
  received = 0;
  console.log(`Messaging floor: ${scale.rate} messages/s for ${scale.seconds} s…`);
  const sent = await paced(scale.rate, scale.seconds, send);
  await waitFor(() => received >= sent, 5_000);
  for (const socket of experts) socket.off('message:new', onMessage);
  return { sent, received, lost: Math.max(0, sent - received), delivery: percentiles(latencies) };
}

/** Resolves once `done()` holds, or after `timeoutMs` (what is missing then is reported, not waited for). */
export async function waitFor(done: () => boolean, timeoutMs: number): Promise<void> {
  const started = performance.now();
  while (!done() && performance.now() - started < timeoutMs) await new Promise((r) => setTimeout(r, 10));
}
