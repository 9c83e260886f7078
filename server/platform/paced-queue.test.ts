import { describe, expect, it } from 'vitest';
import { PacedQueue } from './paced-queue.ts';

function recorder() {
  const runs: { key: string; startedAt: number; endedAt: number }[] = [];
  let active = 0;
  let mostAtOnce = 0;
  const task =
    (key: string, ms = 5) =>
    async () => {
      active++;
      mostAtOnce = Math.max(mostAtOnce, active);
      const startedAt = performance.now();
      await new Promise((r) => setTimeout(r, ms));
      active--;
      runs.push({ key, startedAt, endedAt: performance.now() });
    };
  return { runs, task, mostAtOnce: () => mostAtOnce };
}

describe('paced queue', () => {
  it('runs tasks one at a time, in order, at least the gap apart', async () => {
    const queue = new PacedQueue({ gapMs: 40, onError: () => {} });
    const { runs, task, mostAtOnce } = recorder();
    for (const key of ['a', 'b', 'c']) queue.push(key, task(key));
    await queue.idle();
    expect(runs.map((r) => r.key)).toEqual(['a', 'b', 'c']);
    expect(mostAtOnce()).toBe(1);
    for (let i = 1; i < runs.length; i++) {
      expect(runs[i]!.startedAt - runs[i - 1]!.endedAt).toBeGreaterThanOrEqual(40);
    }
  });

  it('starts at once when idle, and queues a waiting key only once', async () => {
    const queue = new PacedQueue({ gapMs: 30, onError: () => {} });
    const { runs, task } = recorder();
    const pushedAt = performance.now();
    queue.push('first', task('first'));
    for (let i = 0; i < 3; i++) queue.push('expert-1', task('expert-1'));
    queue.push('expert-2', task('expert-2'));
    await queue.idle();
    expect(runs.map((r) => r.key)).toEqual(['first', 'expert-1', 'expert-2']);
    expect(runs[0]!.startedAt - pushedAt).toBeLessThan(30);
  });

  it('reports a failing task and goes on; once closed, drops what waits', async () => {
    const failures: string[] = [];
    const queue = new PacedQueue({ gapMs: 10, onError: (error, key) => failures.push(`${key}: ${error}`) });
    const { runs, task } = recorder();
    queue.push('broken', async () => {
      throw new Error('base indisponible');
    });
    queue.push('ok', task('ok'));
    await queue.idle();
    expect(failures).toEqual(['broken: Error: base indisponible']);
    expect(runs.map((r) => r.key)).toEqual(['ok']);

    let started: () => void = () => {};
    const running = new Promise<void>((r) => {
      started = r;
    });
    queue.push('running', async () => {
      started();
      await task('running', 20)();
    });
    queue.push('waiting', task('waiting'));
    await running;
    await queue.close();
    queue.push('after', task('after'));
    await queue.idle();
    expect(runs.map((r) => r.key)).toEqual(['ok', 'running']);
  });
});
