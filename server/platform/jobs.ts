/**
 * Background jobs, declared once and run on pg-boss (schema `pgboss` of the app's database, its own small pool).
 *
 *   // server/modules/<module>/<module>.jobs.ts
 *   export const purgeOld = defineJob({
 *     name: 'products.purge-old',                      // '<module>.<what>', unique
 *     payload: z.object({ days: z.number() }),         // checked when sent (JobPayloadError) and when run
 *     cron: { schedule: '30 3 * * *', payload: { days: 30 } }, // optional; Europe/Paris; once per tick across instances
 *     retry: { limit: 3, delaySeconds: 30, backoff: true },     // the default
 *     run: async ({ days }, { clock, db }: JobContext & { db: Db }) => { ... clock.now() ... },
 *   });
 *   jobs.register(purgeOld, { db });                     // in server/app.ts, before start (the app starts/stops it)
 *   await jobs.send(purgeOld, { days: 30 });             // from a service (a JobSender)
 *   await jobs.runNow(purgeOld, { days: 30 });           // tests: sends, resolves once it completed (rejects: failed)
 *
 * A job runs once whichever instance takes it. `throttle` coalesces sends per key: the first runs now, later ones
 * within `seconds` make one more run at the end of the window (locally, then across instances by pg-boss's
 * one-job-per-key-per-slot). `paceMs` runs this job's due jobs one at a time, that far apart, in each instance.
 * Handlers take the time from `clock` (a ManualClock in tests), never from Date.now().
 */

import { type Clock as BossClock, PgBoss, type SendOptions } from 'pg-boss';
import type { z } from 'zod';
import type { Clock } from './clock.ts';
import { ConcurrencyLimit } from './concurrency-limit.ts';
import { fileCronSchedules } from './cron-schedules.ts';
import { InFlight } from './in-flight.ts';

export const JOBS_SCHEMA = 'pgboss';

export type JobContext = {
  clock: Clock;
  /** Aborted when the runner stops while the job runs: stop early, the job is handed back and retried. */
  signal: AbortSignal;
  /** 0 on the first run, then 1, 2… on retries. */
  attempt: number;
};

export type JobDefinition<P, D = unknown> = {
  name: string;
  payload: z.ZodType<P>;
  run: (payload: P, context: JobContext & D) => Promise<void>;
  retry?: { limit: number; delaySeconds: number; backoff?: boolean };
  cron?: { schedule: string; payload: P };
  throttle?: { seconds: number; key: (payload: P) => string };
  paceMs?: number;
  /**
   * Jobs taken at once and run side by side; while a fetch comes back full the worker fetches again at once, so a
   * backlog (an announcement's e-mails) drains continuously instead of one job per poll. Default 1.
   */
  batchSize?: number;
};

export function defineJob<P, D = unknown>(definition: JobDefinition<P, D>): JobDefinition<P, D> {
  return definition;
}

/** What a service needs to hand work to the background. */
export interface JobSender {
  send<P>(job: JobDefinition<P, never>, payload: P): Promise<void>;
  sendMany<P>(job: JobDefinition<P, never>, items: readonly JobItem<P>[]): Promise<void>;
}

/** One job of a bulk send; `startAfter` (a time of the injected clock): not run before then. */
export type JobItem<P> = { payload: P; startAfter?: Date };

/** Jobs per insert statement of a bulk send. */
const SEND_MANY_CHUNK = 5000;

export class JobPayloadError extends Error {
  readonly job: string;
  readonly issues: z.core.$ZodIssue[];
  constructor(job: string, issues: z.core.$ZodIssue[]) {
    super(
      `Invalid payload for job ${job}: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
    this.job = job;
    this.issues = issues;
  }
}

const DEFAULT_RETRY = { limit: 3, delaySeconds: 30, backoff: true };

type Registered = {
  definition: JobDefinition<unknown, never>;
  run: (payload: unknown, context: JobContext) => Promise<void>;
  workerId?: string;
};
type Waiter = { resolve: () => void; reject: (error: unknown) => void };
type JobResult = { id: string; status: 'completed' | 'failed'; output?: object };

export type JobRunnerOptions = {
  databaseUrl: string;
  clock: Clock;
  /** A job's failure (with its name) and pg-boss's own errors. */
  onError: (error: unknown, job: string) => void;
  /** How often an idle worker looks for due jobs (retries, cron occurrences, other instances' sends). */
  pollingIntervalSeconds?: number;
  /** How often the cron pass runs (pg-boss default 30 s; tests lower it). */
  cronIntervalSeconds?: number;
  /** pg-boss's clock (timers and the database's notion of now); tests of cron pass pg-boss's TestClock. */
  bossClock?: BossClock;
  /** Seconds a stop waits for running jobs before handing them back. */
  stopTimeoutSeconds?: number;
  /**
   * Handlers running at once in this instance, whatever their queue (default 4). A backlog (an announcement's
   * e-mails) would otherwise take every connection of the database pool together, and requests would wait behind it.
   */
  concurrency?: number;
};

export class JobRunner implements JobSender {
  private readonly boss: PgBoss;
  private readonly jobs = new Map<string, Registered>();
  private readonly waiters = new Map<string, Waiter>();
  private readonly throttles = new Map<string, { timer: NodeJS.Timeout; pending: unknown }>();
  private readonly running = new InFlight();
  private readonly handlers: ConcurrencyLimit;
  private started = false;
  private stopped = false;

  private readonly options: JobRunnerOptions;

  constructor(options: JobRunnerOptions) {
    this.options = options;
    this.handlers = new ConcurrencyLimit(options.concurrency ?? 4);
    this.boss = new PgBoss({
      connectionString: options.databaseUrl,
      schema: JOBS_SCHEMA,
      max: 3,
      application_name: 'financialtracker-jobs',
      registerInstance: false,
      ...(options.cronIntervalSeconds
        ? {
            cronMonitorIntervalSeconds: options.cronIntervalSeconds,
            cronWorkerIntervalSeconds: options.cronIntervalSeconds,
          }
        : {}),
      ...(options.bossClock ? { clock: options.bossClock } : {}),
    });
    this.boss.on('error', (error) => options.onError(error, 'pg-boss'));
  }

  register<P, D>(definition: JobDefinition<P, D>, deps: D): void {
    if (this.started) throw new Error(`Job ${definition.name} registered after the runner started`);
    if (this.jobs.has(definition.name)) throw new Error(`Job ${definition.name} registered twice`);
    if (definition.cron) this.validate(definition as JobDefinition<P, never>, definition.cron.payload);
    this.jobs.set(definition.name, {
      definition: definition as unknown as JobDefinition<unknown, never>,
      run: (payload, context) => definition.run(payload as P, { ...deps, ...context }),
    });
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.boss.start();
    for (const [name, job] of this.jobs) {
      const { definition } = job;
      const retry = definition.retry ?? DEFAULT_RETRY;
      const queue = {
        retryLimit: retry.limit,
        retryDelay: retry.delaySeconds,
        retryBackoff: retry.backoff ?? false,
      };
      await this.boss.createQueue(name, queue);
      await this.boss.updateQueue(name, queue);
      const batchSize = definition.paceMs
        ? Math.max(1, Math.floor((this.polling() * 1000) / definition.paceMs))
        : (definition.batchSize ?? 1);
      job.workerId = await this.boss.work<unknown>(
        name,
        {
          batchSize,
          burstWhenBatchFull: !definition.paceMs,
          localConcurrency: 1,
          pollingIntervalSeconds: this.polling(),
          perJobResults: true,
        },
        (batch) => this.running.track(this.runBatch(job, batch)),
      );
    }
    await fileCronSchedules(
      this.boss,
      [...this.jobs.values()].map(({ definition }) => definition),
    );
  }

  /**
   * Stops taking jobs and lets the running ones finish for up to the stop timeout. Sending still works, so that what
   * the last jobs' commits set off (their subscribers' sends) is not lost; `stop` then hands back what still runs.
   */
  async stopWorking(): Promise<void> {
    if (!this.started || this.stopped) return;
    await Promise.all(
      [...this.jobs].map(([name, job]) =>
        job.workerId ? this.boss.offWork(name, { id: job.workerId, wait: false }) : undefined,
      ),
    );
    await this.running.settled((this.options.stopTimeoutSeconds ?? 10) * 1000);
  }

  /** Stops taking jobs, lets running ones finish for a while, then hands the rest back (they are retried). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const { timer } of this.throttles.values()) clearTimeout(timer);
    this.throttles.clear();
    if (!this.started) return;
    await this.boss.stop({ graceful: true, timeout: (this.options.stopTimeoutSeconds ?? 10) * 1000 });
    for (const waiter of this.waiters.values()) waiter.reject(new Error('Job runner stopped'));
    this.waiters.clear();
  }

  async send<P>(definition: JobDefinition<P, never>, payload: P): Promise<void> {
    const data = this.validate(definition, payload);
    if (!definition.throttle) {
      await this.enqueue(definition.name, data);
      return;
    }
    const key = `${definition.name}:${definition.throttle.key(data)}`;
    const window = this.throttles.get(key);
    if (window) {
      window.pending = data;
      return;
    }
    this.openWindow(definition, key);
    await this.enqueue(definition.name, data, this.throttleOptions(definition, data));
  }

  /**
   * Sends many jobs of one kind in a few statements (the bulk path: the e-mails of an announcement to 100,000 users).
   * A `startAfter` goes to pg-boss as a delay from the injected clock's now, so that the clocks need not agree.
   * Throttling does not apply.
   */
  async sendMany<P>(definition: JobDefinition<P, never>, items: readonly JobItem<P>[]): Promise<void> {
    if (items.length === 0) return;
    this.assertRunning(definition.name);
    const now = this.options.clock.now().getTime();
    const jobs = items.map(({ payload, startAfter }) => {
      const delaySeconds = startAfter ? Math.ceil((startAfter.getTime() - now) / 1000) : 0;
      return {
        data: this.validate(definition, payload) as object,
        ...(delaySeconds > 0 ? { startAfter: delaySeconds } : {}),
      };
    });
    for (let from = 0; from < jobs.length; from += SEND_MANY_CHUNK) {
      await this.boss.insert(definition.name, jobs.slice(from, from + SEND_MANY_CHUNK));
    }
    this.wake(definition.name);
  }

  /** Sends the job and resolves once it completed (after its retries), or rejects with its last error. */
  async runNow<P>(definition: JobDefinition<P, never>, payload: P): Promise<void> {
    const data = this.validate(definition, payload);
    this.assertRunning(definition.name);
    const id = await this.boss.send(definition.name, data as object);
    if (!id) throw new Error(`Job ${definition.name} was not queued`);
    const outcome = new Promise<void>((resolve, reject) => this.waiters.set(id, { resolve, reject }));
    this.wake(definition.name);
    // Another instance may take it: its outcome is then read from the queue.
    const poll = setInterval(() => {
      void this.state(definition.name, id).then((state) => {
        const waiter = this.waiters.get(id);
        if (state === 'completed') waiter?.resolve();
        else if (state === 'failed') waiter?.reject(new Error(`Job ${definition.name} failed`));
        else return;
        this.waiters.delete(id);
      });
    }, 1000);
    try {
      await outcome.finally(() => clearInterval(poll));
    } finally {
      // pg-boss records the outcome just after the handler returns: wait for it, so the caller sees it stored.
      while (!['completed', 'failed', null].includes(await this.state(definition.name, id))) {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }

  private async state(name: string, id: string): Promise<string | null> {
    const [job] = await this.boss.findJobs(name, { id }).catch(() => []);
    return job?.state ?? null;
  }

  /** Resolves once no handler runs in this instance. */
  async idle(): Promise<void> {
    await this.running.settled();
  }

  private polling(): number {
    return this.options.pollingIntervalSeconds ?? 2;
  }

  private validate<P>(definition: JobDefinition<P, never>, payload: P): P {
    const parsed = definition.payload.safeParse(payload);
    if (!parsed.success) throw new JobPayloadError(definition.name, parsed.error.issues);
    return parsed.data;
  }

  private async enqueue(name: string, data: unknown, options: SendOptions = {}): Promise<void> {
    this.assertRunning(name);
    if (await this.boss.send(name, data as object, options)) this.wake(name);
  }

  private assertRunning(name: string): void {
    if (!this.started || this.stopped)
      throw new Error(`Job ${name} sent while the job runner is not running`);
  }

  /** The local worker looks at once instead of at its next poll. */
  private wake(name: string): void {
    const workerId = this.jobs.get(name)?.workerId;
    if (workerId) this.boss.notifyWorker(workerId);
  }

  private throttleOptions<P>(definition: JobDefinition<P, never>, data: P): SendOptions {
    const { seconds, key } = definition.throttle!;
    // One job per key and time slot across instances; a slot already taken puts this one in the next slot.
    return { singletonKey: key(data), singletonSeconds: seconds, singletonNextSlot: true };
  }

  private openWindow<P>(definition: JobDefinition<P, never>, key: string): void {
    const timer = setTimeout(() => {
      const window = this.throttles.get(key);
      this.throttles.delete(key);
      if (window?.pending === undefined || this.stopped) return;
      const data = window.pending as P;
      this.openWindow(definition, key);
      this.enqueue(definition.name, data, this.throttleOptions(definition, data)).catch((error) =>
        this.options.onError(error, definition.name),
      );
    }, definition.throttle!.seconds * 1000);
    timer.unref();
    this.throttles.set(key, { timer, pending: undefined });
  }

  private async runBatch(
    job: Registered,
    batch: { id: string; data: unknown; retryCount: number; signal: AbortSignal }[],
  ): Promise<JobResult[]> {
    const { paceMs } = job.definition;
    if (!paceMs) return Promise.all(batch.map((item) => this.runOne(job, item)));
    const results: JobResult[] = [];
    for (const [i, item] of batch.entries()) {
      if (i > 0) await new Promise((r) => setTimeout(r, paceMs).unref());
      results.push(await this.runOne(job, item));
    }
    return results;
  }

  private async runOne(
    job: Registered,
    item: { id: string; data: unknown; retryCount: number; signal: AbortSignal },
  ): Promise<JobResult> {
    const { definition } = job;
    const waiter = this.waiters.get(item.id);
    try {
      const payload = definition.payload.parse(item.data);
      await this.handlers.run(() =>
        job.run(payload, { clock: this.options.clock, signal: item.signal, attempt: item.retryCount }),
      );
      this.waiters.delete(item.id);
      waiter?.resolve();
      return { id: item.id, status: 'completed' };
    } catch (error) {
      this.options.onError(error, definition.name);
      if (item.retryCount >= (definition.retry ?? DEFAULT_RETRY).limit) {
        this.waiters.delete(item.id);
        waiter?.reject(error);
      }
      return {
        id: item.id,
        status: 'failed',
        output: { message: String((error as Error)?.message ?? error) },
      };
    }
  }
}
