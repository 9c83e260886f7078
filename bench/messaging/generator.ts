/**
 * One load-generator process of the messaging benchmark's live phase (started by live.ts): the sockets of its share
 * of the conversations, both people of each, so that a message's sender and recipient share its clock. It connects,
 * sends one unmeasured message per conversation, says it is ready, and on the parent's `go` sends its share of the
 * rate from the given wall-clock instant, each message with a client key as the web client makes them (a UUID v7);
 * then hands back what it measured, in wall-clock milliseconds. A pause of its garbage collector delays only its
 * share, and with a smaller heap it pauses less long.
 */
import { performance } from 'node:perf_hooks';
import { uuidv7 } from '../../common/ids.ts';
import type { Message } from '../../common/messaging.ts';
import type { ClientSocket } from '../../tests/support/socket-client.ts';
import { paced } from '../paced.ts';
import { connectAll } from '../sockets.ts';
import { startRuntimeProbe } from '../timeline/runtime-probe.ts';
import { WORDS } from './data.ts';

export type Person = { conversationId: string; token: string };
export type GeneratorSetup = {
  port: number;
  people: Person[];
  rate: number;
  durationS: number;
  offset: number;
};
export type GeneratorResult = {
  sent: number;
  acked: number;
  ackErrors: number;
  received: number;
  duplicated: number;
  /** When each message was sent (wall clock, ms). */
  sentAt: number[];
  /** Each delivery's and each ack's: when its message was sent (wall clock), and its latency (ms). */
  deliveries: Series;
  acks: Series;
};
/** Flat arrays of numbers: no object per message in the generator's heap. */
export type Series = { sentAt: number[]; latency: number[] };

const wall = (local: number) => performance.timeOrigin + local;

async function generate(
  sockets: ClientSocket[],
  setup: GeneratorSetup,
  startAt: number,
): Promise<GeneratorResult> {
  const { people, rate, durationS, offset } = setup;
  const result: GeneratorResult = {
    sent: 0,
    acked: 0,
    ackErrors: 0,
    received: 0,
    duplicated: 0,
    sentAt: [],
    deliveries: { sentAt: [], latency: [] },
    acks: { sentAt: [], latency: [] },
  };
  const seen = new Set<string>();
  sockets.forEach((socket, index) => {
    socket.on('message:new', (m: Message) => {
      const sentAt = Number(m.body.slice(0, m.body.indexOf(' ')));
      result.deliveries.latency.push(performance.now() - sentAt);
      result.deliveries.sentAt.push(wall(sentAt));
      const key = `${index}:${m.id}`;
      if (seen.has(key)) result.duplicated++;
      else {
        seen.add(key);
        result.received++;
      }
    });
  });
  await new Promise((r) => setTimeout(r, Math.max(0, startAt - wall(performance.now()))));
  result.sent = await paced(rate, durationS, (i) => {
    const socket = sockets[i % sockets.length]!;
    const t0 = performance.now();
    result.sentAt.push(wall(t0));
    const n = offset + i;
    socket.emit(
      'message:send',
      {
        conversationId: people[i % people.length]!.conversationId,
        clientKey: uuidv7(),
        body: `${t0} message ${n} ${WORDS[n % WORDS.length]} ${WORDS[(n * 7) % WORDS.length]}`,
        attachmentIds: [],
      },
      (ack) => {
        result.acks.latency.push(performance.now() - t0);
        result.acks.sentAt.push(wall(t0));
        if ('error' in ack) result.ackErrors++;
        else result.acked++;
      },
    );
  });
  // Everything due should be there well within this grace period.
  const grace = performance.now();
  while (
    (result.received < result.sent || result.acks.latency.length < result.sent) &&
    performance.now() - grace < 5_000
  ) {
    await new Promise((r) => setTimeout(r, 20));
  }
  return result;
}

process.once('message', async (setup: GeneratorSetup) => {
  const started = performance.now();
  const sockets = await connectAll(
    setup.port,
    setup.people.map((p) => p.token),
  );
  // Warm-up: one message per conversation (people come in pairs), not measured.
  await Promise.all(
    sockets.flatMap((socket, i) =>
      i % 2 === 0
        ? [
            socket.timeout(10_000).emitWithAck('message:send', {
              conversationId: setup.people[i]!.conversationId,
              clientKey: uuidv7(),
              body: `${performance.now()} échauffement`,
              attachmentIds: [],
            }),
          ]
        : [],
    ),
  );
  await new Promise((r) => setTimeout(r, 500));
  startRuntimeProbe((runtime) => process.send?.({ runtime }));
  process.on('message', async (m: { go?: number } | 'stop') => {
    if (m === 'stop') {
      for (const socket of sockets) socket.close();
      process.exit(0);
    }
    if (typeof m === 'object' && m.go) process.send?.({ result: await generate(sockets, setup, m.go) });
  });
  process.send?.({ connectedMs: performance.now() - started, sockets: sockets.length });
});
