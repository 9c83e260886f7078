import { performance } from 'node:perf_hooks';

/** Calls `send(i)` `rate` times a second for `seconds`, evenly, catching up when a tick runs late. */
export async function paced(rate: number, seconds: number, send: (i: number) => void): Promise<number> {
  const total = Math.round(rate * seconds);
  const start = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
    while (sent < due) send(sent++);
    await new Promise((r) => setTimeout(r, 2));
  }
  return sent;
}
