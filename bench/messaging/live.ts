import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Message } from '../../common/messaging.ts';
import { type ClientSocket, connectSocket } from '../../tests/support/socket-client.ts';
import { percentiles as summarise } from '../support.ts';
import type { Timeline } from '../timeline/timeline.ts';
import { type Cast, SCALE, WORDS } from './data.ts';

const connect = (port: number, token: string) => connectSocket(`http://127.0.0.1:${port}`, token, 20_000);

/** Calls `send(i)` `rate` times a second for `seconds`, evenly, catching up when a tick runs late. */
export async function paced(rate: number, seconds: number, send: (i: number) => void): Promise<number> {
  const total = rate * seconds;
  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
    while (sent < due) send(sent++);
    await new Promise((r) => setTimeout(r, 2));
  }
  return sent;
}

/**
 * The live phase: a client and an expert socket per conversation, one unmeasured message per conversation, then
 * SCALE.rate messages a second for SCALE.durationS through `message:send`, measuring sender-emit → recipient-receive
 * latency, ack latency, and sent / received / lost / duplicated counts. `onMeasuredStart` is called as the measured
 * sending begins and returns the timeline that buckets it per second.
 */
export async function liveDelivery(
  port: number,
  cast: Cast,
  clientTokens: string[],
  expertTokens: string[],
  onMeasuredStart: () => Timeline,
) {
  const people = cast.flatMap((c, i) => [
    { conversationId: c.conversationId, token: clientTokens[i]! },
    { conversationId: c.conversationId, token: expertTokens[i]! },
  ]);
  const connectStarted = performance.now();
  const sockets: ClientSocket[] = [];
  for (let i = 0; i < people.length; i += 50) {
    sockets.push(...(await Promise.all(people.slice(i, i + 50).map((p) => connect(port, p.token)))));
  }
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  console.log(`${sockets.length} sockets connected in ${connectSeconds.toFixed(1)} s.`);

  // ---- live load
  const delivery: number[] = [];
  const acks: number[] = [];
  const seen = new Set<string>();
  let timeline: Timeline | null = null;
  let received = 0;
  let duplicated = 0;
  let ackErrors = 0;
  let acked = 0;
  sockets.forEach((socket, index) => {
    socket.on('message:new', (m: Message) => {
      const sentAt = Number(m.body.slice(0, m.body.indexOf(' ')));
      const latency = performance.now() - sentAt;
      delivery.push(latency);
      timeline?.recordLatency(sentAt, latency);
      const key = `${index}:${m.id}`;
      if (seen.has(key)) duplicated++;
      else {
        seen.add(key);
        received++;
      }
    });
  });
  // Warm-up: one message per conversation, not measured.
  await Promise.all(
    cast.map((c, i) =>
      sockets[2 * i]!.timeout(10_000).emitWithAck('message:send', {
        conversationId: c.conversationId,
        clientKey: randomUUID(),
        body: `${performance.now()} échauffement`,
        attachmentIds: [],
      }),
    ),
  );
  await new Promise((r) => setTimeout(r, 500));
  delivery.length = 0;
  seen.clear();
  received = 0;
  duplicated = 0;

  console.log(`Sending ${SCALE.rate} messages/s for ${SCALE.durationS} s…`);
  const measured = onMeasuredStart();
  timeline = measured;
  const sent = await paced(SCALE.rate, SCALE.durationS, (i) => {
    const socket = sockets[i % sockets.length]!;
    const t0 = performance.now();
    measured.recordSent(t0);
    socket.emit(
      'message:send',
      {
        conversationId: people[i % people.length]!.conversationId,
        clientKey: randomUUID(),
        body: `${t0} message ${i} ${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]}`,
        attachmentIds: [],
      },
      (ack) => {
        const latency = performance.now() - t0;
        acks.push(latency);
        measured.recordLatency(t0, latency, 'secondary');
        if ('error' in ack) ackErrors++;
        else acked++;
      },
    );
  });
  // Everything due should be there well within this grace period.
  const grace = performance.now();
  while ((received < sent || acks.length < sent) && performance.now() - grace < 5_000) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const expected = sent; // two sockets per conversation: one recipient per message (the sender has its ack)
  const lost = Math.max(0, expected - received);
  for (const socket of sockets) socket.close();
  return {
    sockets: sockets.length,
    sent,
    acked,
    ackErrors,
    received,
    lost,
    duplicated,
    delivery: summarise(delivery),
    ack: summarise(acks),
  };
}
