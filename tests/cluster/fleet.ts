/**
 * The fleet the cluster suite runs: a PostgreSQL of its own, PgBouncer in transaction mode in front of it, a Redis of
 * its own, N instances of the real server (`node server/main.ts`, child processes) sharing them, and HAProxy in
 * front of the instances. Everything it starts, it stops. It keeps each instance's windows of unavailability
 * (restart or kill, until ready again) to tell a 5xx of a draining instance from one that should not be.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { OwnPostgres, OwnRedis, ServerProcess } from '../faults/processes.ts';
import { OwnHaproxy } from '../support/haproxy.ts';
import { OwnPgBouncer } from '../support/pgbouncer.ts';
import { freePort } from '../support/ports.ts';
import { sleep } from '../support/waiting.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export type Window = { instance: string; from: number; to: number; how: 'SIGTERM' | 'SIGKILL' };
export type Restart = Window & { exitCode: number | null; stopMs: number; readyMs: number };

async function seed(env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, ['server/cli/seed.ts'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`seeding the demo data failed (exit code ${code})`);
}

/**
 * A platform in service has a history: 200 earlier messages in every conversation, and statistics that know it
 * (a fresh database's would plan the first minutes' queries for a near-empty messages table).
 */
async function addHistory(directUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: directUrl });
  await client.connect();
  try {
    await client.query(`
      INSERT INTO messages (id, conversation_id, seq, kind, body, sender_id, created_at)
      SELECT gen_random_uuid(), c.id, c.last_seq + g, 'text', 'historique', p.user_id, now() - (201 - g) * interval '1 hour'
        FROM conversations c
        CROSS JOIN generate_series(1, 200) g
        JOIN LATERAL (SELECT user_id FROM conversation_participants WHERE conversation_id = c.id LIMIT 1) p ON true`);
    await client.query(`UPDATE conversations c SET last_seq = (SELECT max(seq) FROM messages m WHERE m.conversation_id = c.id)
      WHERE EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = c.id)`);
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

export class Fleet {
  readonly instances: { name: string; process: ServerProcess }[] = [];
  readonly restarts: Restart[] = [];
  readonly pg: OwnPostgres;
  readonly bouncer: OwnPgBouncer;
  readonly redis: OwnRedis;
  readonly proxy: OwnHaproxy;
  private constructor(pg: OwnPostgres, bouncer: OwnPgBouncer, redis: OwnRedis, proxy: OwnHaproxy) {
    this.pg = pg;
    this.bouncer = bouncer;
    this.redis = redis;
    this.proxy = proxy;
  }

  /**
   * Starts it all: the demo data seeded first through the pooler (`npm run db:seed`, which migrates), then the
   * instances, then the balancer.
   */
  static async start(work: string, size: number, env: Record<string, string>): Promise<Fleet> {
    const pg = await OwnPostgres.start(path.join(work, 'pg'));
    const bouncer = await OwnPgBouncer.start(pg.url, {
      poolSize: 20,
      logFile: path.join(work, 'pgbouncer.log'),
    });
    const redis = await OwnRedis.start();
    const shared = {
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATA_DIR: path.join(work, 'data'),
      DATABASE_URL: bouncer.url(new URL(pg.url).pathname.slice(1)),
      DATABASE_DIRECT_URL: pg.url,
      DATABASE_POOL_SIZE: '6',
      REDIS_URL: redis.url,
      REDIS_PREFIX: `cluster${process.pid}`,
      JWT_SECRET: randomBytes(32).toString('hex'),
      SEED_DEMO: 'false',
      ...env,
    };
    await seed(shared);
    await addHistory(pg.url);
    const instances: { name: string; process: ServerProcess }[] = [];
    for (let i = 1; i <= size; i++) {
      const name = `s${i}`;
      const server = new ServerProcess(await freePort(), shared, path.join(work, name));
      await server.start(180_000);
      instances.push({ name, process: server });
    }
    const proxy = await OwnHaproxy.start(
      instances.map(({ name, process }) => ({ name, port: process.port })),
      { checkIntervalMs: 300, logFile: path.join(work, 'haproxy.log') },
    );
    const fleet = new Fleet(pg, bouncer, redis, proxy);
    fleet.instances.push(...instances);
    return fleet;
  }

  get url(): string {
    return this.proxy.url;
  }

  /** SIGTERM (graceful) or SIGKILL, then started again; resolves once the balancer sends it requests again. */
  async restart(index: number, how: 'SIGTERM' | 'SIGKILL'): Promise<Restart> {
    const { name, process } = this.instances[index]!;
    const from = Date.now();
    if (how === 'SIGTERM') await process.stop(60_000);
    else await process.kill9();
    const stopMs = Date.now() - from;
    const exitCode = process.exits.at(-1)?.code ?? null;
    await process.start(60_000);
    // Two good checks (rise 2) before HAProxy sends it requests again.
    await this.untilReadyBehindBalancer(process);
    const restart = {
      instance: name,
      from,
      to: Date.now(),
      how,
      exitCode,
      stopMs,
      readyMs: Date.now() - from,
    };
    this.restarts.push(restart);
    return restart;
  }

  private async untilReadyBehindBalancer(process: ServerProcess): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const ready = await fetch(`${process.baseUrl}/api/health/ready`).then(
        (r) => r.arrayBuffer().then(() => r.status === 200),
        () => false,
      );
      if (ready) break;
      await sleep(100);
    }
    await sleep(700);
  }

  /** Whether `instance` was restarting (or shortly after: the balancer's checks lag) at `at`. */
  unavailable(instance: string | undefined, at: number): boolean {
    return this.restarts.some(
      (w) => (!instance || w.instance === instance) && at >= w.from && at <= w.to + 1000,
    );
  }

  errorLines(): string[] {
    return this.instances.flatMap(({ name, process }) =>
      process.errorLines.map((line) => `${name}: ${line}`),
    );
  }

  async stop(): Promise<void> {
    await this.proxy.stop().catch(() => {});
    await Promise.all(this.instances.map(({ process }) => process.stop().catch(() => {})));
    await this.bouncer.stop().catch(() => {});
    await this.redis.kill().catch(() => {});
    await this.pg.stop().catch(() => {});
  }
}
