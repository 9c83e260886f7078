import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { paced } from '../paced.ts';
import { percentiles as summarise } from '../support.ts';
import { WORDS } from './data.ts';
import { startChild, stopChild } from './processes.ts';

/** The floor: a raw `ws` echo round trip at the same rate, from a server doing nothing else. */
export async function wsEchoFloor(count: number, rate: number, seconds: number) {
  const { child, port } = await startChild(['--echo']);
  const sockets: WebSocket[] = [];
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, () => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}`);
      return once(ws, 'open').then(() => ws);
    });
    sockets.push(...(await Promise.all(batch)));
  }
  const latencies: number[] = [];
  for (const ws of sockets) {
    ws.on('message', (data) => {
      const sentAt = Number(JSON.parse(String(data)).t);
      latencies.push(performance.now() - sentAt);
    });
  }
  await paced(rate, seconds, (i) => {
    const ws = sockets[i % sockets.length]!;
    ws.send(JSON.stringify({ t: performance.now(), body: `écho ${i} ${WORDS[i % WORDS.length]}` }));
  });
  await new Promise((r) => setTimeout(r, 500));
  for (const ws of sockets) ws.close();
  await stopChild(child);
  return summarise(latencies);
}
