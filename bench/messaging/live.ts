import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { stopChild } from '../child-process.ts';
import { percentiles as summarise } from '../support.ts';
import type { RuntimeSample } from '../timeline/runtime-probe.ts';
import type { Timeline } from '../timeline/timeline.ts';
import { type Cast, SCALE } from './data.ts';
import type { GeneratorResult, GeneratorSetup, Person } from './generator.ts';

const generatorScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'generator.ts');

/**
 * Load-generator processes of the live phase. One process's garbage collector paused for 37 ms with the thousand
 * sockets' heap and made the maximum of a run: each process now holds its share of the conversations.
 */
const GENERATORS = 2;

type Generator = { child: ChildProcess; sockets: number; connectedMs: number };

async function startGenerator(
  setup: GeneratorSetup,
  onRuntime: (s: RuntimeSample) => void,
): Promise<Generator> {
  const child = fork(generatorScript, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = once(child, 'message') as Promise<[{ sockets: number; connectedMs: number }]>;
  child.send(setup);
  const [{ sockets, connectedMs }] = await ready;
  child.on('message', (m: { runtime?: RuntimeSample }) => {
    if (m.runtime) onRuntime(m.runtime);
  });
  return { child, sockets, connectedMs };
}

async function resultOf(child: ChildProcess, startAt: number): Promise<GeneratorResult> {
  const result = new Promise<GeneratorResult>((resolve) => {
    const listener = (m: { result?: GeneratorResult }) => {
      if (!m.result) return;
      child.off('message', listener);
      resolve(m.result);
    };
    child.on('message', listener);
  });
  child.send({ go: startAt });
  return result;
}

/** Wall-clock milliseconds as this process's `performance.now()`, which the timeline buckets. */
const local = (wall: number) => wall - performance.timeOrigin;

/**
 * The live phase: a client and an expert socket per conversation, spread over GENERATORS processes, one unmeasured
 * message per conversation, then SCALE.rate messages a second for SCALE.durationS through `message:send`, measuring
 * sender-emit → recipient-receive latency, ack latency, and sent / received / lost / duplicated counts.
 * `onMeasuredStart` is called as the measured sending begins and returns the timeline that buckets it per second;
 * the generators' runtime samples go to it as they come.
 */
export async function liveDelivery(
  port: number,
  cast: Cast,
  clientTokens: string[],
  expertTokens: string[],
  onMeasuredStart: () => Timeline,
) {
  let timeline: Timeline | null = null;
  const onRuntime = (sample: RuntimeSample) => timeline?.recordRuntime(sample, 'generator');
  const shares = Array.from({ length: GENERATORS }, (_, g) =>
    cast.flatMap((c, i): Person[] =>
      i % GENERATORS === g
        ? [
            { conversationId: c.conversationId, token: clientTokens[i]! },
            { conversationId: c.conversationId, token: expertTokens[i]! },
          ]
        : [],
    ),
  );
  const perGenerator = Math.round((SCALE.rate * SCALE.durationS) / GENERATORS);
  const generators = await Promise.all(
    shares.map((people, g) =>
      startGenerator(
        { port, people, rate: SCALE.rate / GENERATORS, durationS: SCALE.durationS, offset: g * perGenerator },
        onRuntime,
      ),
    ),
  );
  try {
    const sockets = generators.reduce((n, g) => n + g.sockets, 0);
    const connectSeconds = Math.max(...generators.map((g) => g.connectedMs)) / 1000;
    console.log(`${sockets} sockets connected in ${connectSeconds.toFixed(1)} s (${GENERATORS} processes).`);
    console.log(`Sending ${SCALE.rate} messages/s for ${SCALE.durationS} s…`);
    timeline = onMeasuredStart();
    const startAt = performance.timeOrigin + performance.now() + 100;
    const results = await Promise.all(generators.map((g) => resultOf(g.child, startAt)));
    const measured = timeline;
    for (const r of results) {
      for (const at of r.sentAt) measured.recordSent(local(at));
      for (const [i, at] of r.deliveries.sentAt.entries()) {
        measured.recordLatency(local(at), r.deliveries.latency[i]!);
      }
      for (const [i, at] of r.acks.sentAt.entries()) {
        measured.recordLatency(local(at), r.acks.latency[i]!, 'secondary');
      }
    }
    const total = (pick: (r: GeneratorResult) => number) => results.reduce((n, r) => n + pick(r), 0);
    const sent = total((r) => r.sent);
    const received = total((r) => r.received);
    return {
      sockets,
      sent,
      acked: total((r) => r.acked),
      ackErrors: total((r) => r.ackErrors),
      received,
      // Two sockets per conversation: one recipient per message (the sender has its ack).
      lost: Math.max(0, sent - received),
      duplicated: total((r) => r.duplicated),
      delivery: summarise(results.flatMap((r) => r.deliveries.latency)),
      ack: summarise(results.flatMap((r) => r.acks.latency)),
    };
  } finally {
    await Promise.all(generators.map((g) => stopChild(g.child)));
  }
}
