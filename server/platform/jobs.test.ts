import pg from 'pg';
import { TestClock } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { freshDatabase } from '../../tests/support/test-app.ts';
import { eventually } from '../../tests/support/waiting.ts';
import { ManualClock } from './clock.ts';
import {
  defineJob,
  JOBS_SCHEMA,
  type JobContext,
  JobPayloadError,
  JobRunner,
  type JobRunnerOptions,
} from './jobs.ts';

let database: Awaited<ReturnType<typeof freshDatabase>>;
const clock = new ManualClock(new Date('2026-06-01T08:00:00Z'));
const failures: { job: string; error: unknown }[] = [];
const runners: JobRunner[] = [];

function runner(options: Partial<JobRunnerOptions> = {}): JobRunner {
  const jobs = new JobRunner({
    databaseUrl: database.url,
    clock,
    onError: (error, job) => failures.push({ job, error }),
    pollingIntervalSeconds: 0.5,
    ...options,
  });
  runners.push(jobs);
  return jobs;
}

async function jobStates(name: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT state FROM ${JOBS_SCHEMA}.job WHERE name = $1 ORDER BY created_on`,
      [name],
    );
    return rows.map((r) => r.state);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  database = await freshDatabase();
});

afterAll(async () => {
  await Promise.all(runners.map((r) => r.stop()));
  await database.drop();
});

describe('a declared job', () => {
  const seen: { total: number; at: Date; attempt: number }[] = [];
  const addUp = defineJob({
    name: 'test.add-up',
    payload: z.object({ a: z.number().int(), b: z.number().int() }),
    run: async ({ a, b }, { clock, attempt }: JobContext) => {
      seen.push({ total: a + b, at: clock.now(), attempt });
    },
  });
  let jobs: JobRunner;

  beforeAll(async () => {
    jobs = runner();
    jobs.register(addUp, {});
    await jobs.start();
  });

  it('runs with its validated payload and the injected clock', async () => {
    await jobs.runNow(addUp, { a: 2, b: 3 });
    expect(seen).toEqual([{ total: 5, at: clock.now(), attempt: 0 }]);
  });

  it('refuses a payload that does not match its schema when sent, queueing nothing', async () => {
    const before = (await jobStates('test.add-up')).length;
    await expect(jobs.send(addUp, { a: 2, b: 'trois' } as never)).rejects.toBeInstanceOf(JobPayloadError);
    await expect(jobs.runNow(addUp, { a: 2 } as never)).rejects.toThrow(/test\.add-up.*b/);
    expect((await jobStates('test.add-up')).length).toBe(before);
  });

  it('cannot be registered twice', () => {
    const other = new JobRunner({ databaseUrl: database.url, clock, onError: () => {} });
    other.register(addUp, {});
    expect(() => other.register(addUp, {})).toThrow(/twice/);
  });
});

describe('retries', () => {
  it('retries a failing job with growing delays until it succeeds', async () => {
    const attempts: number[] = [];
    const flaky = defineJob({
      name: 'test.flaky',
      payload: z.object({}),
      retry: { limit: 2, delaySeconds: 1, backoff: true },
      run: async () => {
        attempts.push(performance.now());
        if (attempts.length < 3) throw new Error(`panne ${attempts.length}`);
      },
    });
    const jobs = runner();
    jobs.register(flaky, {});
    await jobs.start();
    await jobs.runNow(flaky, {});
    expect(attempts).toHaveLength(3);
    const [first, second] = [attempts[1]! - attempts[0]!, attempts[2]! - attempts[1]!];
    // Back-off: about 1-2 s before the first retry, 2-4 s before the second.
    expect(first).toBeGreaterThanOrEqual(1000);
    expect(second).toBeGreaterThanOrEqual(2000);
    expect(failures.filter((f) => f.job === 'test.flaky').map((f) => String(f.error))).toEqual([
      'Error: panne 1',
      'Error: panne 2',
    ]);
    expect(await jobStates('test.flaky')).toEqual(['completed']);
  }, 20_000);

  it('gives up after its retries: the failure is logged with the job name and runNow rejects', async () => {
    const broken = defineJob({
      name: 'test.broken',
      payload: z.object({}),
      retry: { limit: 0, delaySeconds: 0 },
      run: async () => {
        throw new Error('base indisponible');
      },
    });
    const jobs = runner();
    jobs.register(broken, {});
    await jobs.start();
    await expect(jobs.runNow(broken, {})).rejects.toThrow('base indisponible');
    expect(failures.filter((f) => f.job === 'test.broken')).toHaveLength(1);
    expect(await jobStates('test.broken')).toEqual(['failed']);
  });
});

describe('a bulk send', () => {
  const sums: number[] = [];
  let allDone: () => void = () => {};
  const tally = defineJob({
    name: 'test.tally',
    payload: z.object({ n: z.number().int() }),
    run: async ({ n }) => {
      sums.push(n);
      if (sums.length === 12) allDone();
    },
  });
  const later = defineJob({ name: 'test.later', payload: z.object({}), run: async () => {} });
  let jobs: JobRunner;

  beforeAll(async () => {
    jobs = runner();
    jobs.register(tally, {});
    jobs.register(later, {});
    await jobs.start();
  });

  it('queues every job with its validated payload, and each runs once', async () => {
    const done = new Promise<void>((resolve) => {
      allDone = resolve;
    });
    await jobs.sendMany(
      tally,
      Array.from({ length: 12 }, (_, n) => ({ payload: { n } })),
    );
    await done;
    await jobs.idle();
    expect(sums.toSorted((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, n) => n));
    // pg-boss records a batch's results once its handler has returned, a moment after the runner is idle.
    await eventually(async () => expect(await jobStates('test.tally')).toEqual(Array(12).fill('completed')));
  });

  it('refuses the whole batch when one payload does not match, queueing none', async () => {
    const before = (await jobStates('test.tally')).length;
    await expect(
      jobs.sendMany(tally, [{ payload: { n: 1 } }, { payload: { n: 'deux' } as never }]),
    ).rejects.toBeInstanceOf(JobPayloadError);
    expect(await jobStates('test.tally')).toHaveLength(before);
  });

  it('holds a job until its startAfter, counted from the injected clock', async () => {
    const inAnHour = new Date(clock.now().getTime() + 3_600_000);
    await jobs.sendMany(later, [{ payload: {}, startAfter: inAnHour }, { payload: {} }]);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client
      .query(
        `SELECT extract(epoch FROM start_after - created_on)::float AS delay
         FROM ${JOBS_SCHEMA}.job WHERE name = 'test.later' ORDER BY delay`,
      )
      .finally(() => client.end());
    expect(rows.map((r) => Math.round(r.delay))).toEqual([0, 3600]);
  });
});

/**
 * A job of `batchSize` sent `count` times through a runner that polls once a minute (one job per poll would take
 * `count` minutes): resolves once all ran, with the numbers that ran and the most handlers seen running at once.
 */
async function backlog(
  name: string,
  batchSize: number,
  count: number,
  options: Partial<JobRunnerOptions> = {},
) {
  let running = 0;
  let mostAtOnce = 0;
  const done: number[] = [];
  const drained = Promise.withResolvers<void>();
  const job = defineJob({
    name,
    payload: z.object({ n: z.number().int() }),
    batchSize,
    run: async ({ n }) => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await new Promise((resolve) => setTimeout(resolve, 10));
      running -= 1;
      done.push(n);
      if (done.length === count) drained.resolve();
    },
  });
  const jobs = runner({ pollingIntervalSeconds: 60, ...options });
  jobs.register(job, {});
  await jobs.start();
  await jobs.sendMany(
    job,
    Array.from({ length: count }, (_, n) => ({ payload: { n } })),
  );
  await drained.promise;
  return { done: done.toSorted((a, b) => a - b), mostAtOnce };
}

const numbersBelow = (count: number) => Array.from({ length: count }, (_, n) => n);

describe('a job with a batch size', () => {
  it('drains a backlog batch after batch, without waiting for the next poll, several jobs side by side', async () => {
    const { done, mostAtOnce } = await backlog('test.mail', 5, 40);
    expect(done).toEqual(numbersBelow(40));
    expect(mostAtOnce).toBeGreaterThan(1);
  });
});

describe('the runner’s concurrency', () => {
  it('runs no more handlers at once than it allows, whatever the batches, and drains them all', async () => {
    const { done, mostAtOnce } = await backlog('test.bounded', 10, 30, { concurrency: 2 });
    expect(done).toEqual(numbersBelow(30));
    expect(mostAtOnce).toBe(2);
  });
});

describe('cron', () => {
  it('fires once per occurrence, in Paris time, whatever the number of runners', async () => {
    const runs: string[] = [];
    const nightly = defineJob({
      name: 'test.nightly',
      payload: z.object({ label: z.string() }),
      cron: { schedule: '40 3 * * *', payload: { label: 'nuit' } },
      run: async ({ label }, { runner }: JobContext & { runner: string }) => {
        runs.push(`${label}@${runner}`);
      },
    });
    // Both instances on one database and one hand-driven time (pg-boss's clock, which its SQL reads too).
    // Ahead of the real time the other runners of this file stamped on the schema; 03:39 in Paris is 02:39 UTC.
    const time = new TestClock('2030-01-15T02:39:00Z');
    await Promise.all(runners.map((r) => r.stop()));
    const one = runner({ bossClock: time, cronIntervalSeconds: 10, pollingIntervalSeconds: 2 });
    const two = runner({ bossClock: time, cronIntervalSeconds: 10, pollingIntervalSeconds: 2 });
    one.register(nightly, { runner: 'one' });
    two.register(nightly, { runner: 'two' });
    // One after the other: each attaches the shared clock to the schema.
    await one.start();
    await two.start();

    await time.tick(45_000); // 03:39:45: not yet
    await Promise.all([one.idle(), two.idle()]);
    expect(runs).toEqual([]);
    await time.tick(60_000); // 03:40:45
    await Promise.all([one.idle(), two.idle()]);
    await time.tick(60_000); // 03:41:45 in Paris, 02:41:45 UTC: a UTC schedule would not have fired
    await Promise.all([one.idle(), two.idle()]);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatch(/^nuit@(one|two)$/);
    expect(await jobStates('test.nightly')).toEqual(['completed']);
    await Promise.all([one.stop(), two.stop()]);
  }, 30_000);
});

describe('cron jobs due at the same minute', () => {
  it('start spread over that minute, in the order they were registered', async () => {
    const time = new TestClock('2030-01-15T03:59:30Z');
    const started = new Map<string, number>();
    const hourly = (name: string) =>
      defineJob({
        name,
        payload: z.object({}),
        cron: { schedule: '0 * * * *', payload: {} },
        run: async () => {
          started.set(name, time.now());
        },
      });
    await Promise.all(runners.map((r) => r.stop()));
    const jobs = runner({ bossClock: time, cronIntervalSeconds: 5, pollingIntervalSeconds: 1 });
    const names = ['test.spread-first', 'test.spread-second', 'test.spread-third'];
    for (const name of names) jobs.register(hourly(name), {});
    await jobs.start();

    for (let second = 0; second < 150 && started.size < names.length; second++) await time.tick(1000);
    await jobs.idle();

    const starts = names.map((name) => started.get(name) ?? Number.NaN);
    // Three jobs: 0, 20 and 40 seconds after their occurrences were sent (a poll of a second each at most).
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(19_000);
    expect(starts[1]! - starts[0]!).toBeLessThanOrEqual(21_000);
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(19_000);
    expect(starts[2]! - starts[1]!).toBeLessThanOrEqual(21_000);
    await jobs.stop();
  }, 60_000);
});

describe('stopping', () => {
  it('lets a running job finish before it stops, and takes no new work', async () => {
    let release: () => void = () => {};
    let started: () => void = () => {};
    const isRunning = new Promise<void>((r) => {
      started = r;
    });
    const done: string[] = [];
    const slow = defineJob({
      name: 'test.slow',
      payload: z.object({}),
      run: async () => {
        started();
        await new Promise<void>((r) => {
          release = r;
        });
        done.push('slow');
      },
    });
    const jobs = runner();
    jobs.register(slow, {});
    await jobs.start();
    const finished = jobs.runNow(slow, {});
    await isRunning;
    const stopped = jobs.stop();
    setTimeout(() => release(), 300);
    await stopped;
    await finished;
    expect(done).toEqual(['slow']);
    expect(await jobStates('test.slow')).toEqual(['completed']);
    await expect(jobs.send(slow, {})).rejects.toThrow(/not running/);
  });

  it('hands a job still running at the deadline back to the queue, with its signal aborted', async () => {
    let aborted = false;
    let started: () => void = () => {};
    const isRunning = new Promise<void>((r) => {
      started = r;
    });
    const stuck = defineJob({
      name: 'test.stuck',
      payload: z.object({}),
      retry: { limit: 3, delaySeconds: 60 },
      run: async (_payload, { signal }: JobContext) => {
        started();
        await new Promise<void>((resolve) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve();
          });
        });
        throw new Error('interrompu');
      },
    });
    const jobs = runner({ stopTimeoutSeconds: 1 });
    jobs.register(stuck, {});
    await jobs.start();
    const outcome = jobs.runNow(stuck, {}).catch((error) => error);
    await isRunning;
    await jobs.stop();
    expect(aborted).toBe(true);
    expect(await outcome).toBeInstanceOf(Error);
    // Back in the queue for another instance (or the next start), not lost.
    expect(await jobStates('test.stuck')).toEqual(['retry']);
  });
});
