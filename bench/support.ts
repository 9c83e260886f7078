import autocannon from 'autocannon';
import type { FastifyInstance } from 'fastify';
import { CamelCasePlugin, Kysely, type LogEvent, PostgresDialect, sql } from 'kysely';
import { buildApp } from '../server/app.ts';
import { type Config, loadConfig } from '../server/config.ts';
import { poolSize } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { createDb, type Db, type Executor } from '../server/db/pool.ts';
import type { Database } from '../server/db/schema.ts';
import { backfillWorkflows } from '../server/modules/workflows/workflows.jobs.ts';
import { createDatabase, reachPostgres } from '../tests/support/databases.ts';

export type Percentiles = { p50_ms: number; p95_ms: number; p99_ms: number; max_ms: number; count: number };

export const round2 = (n: number) => Math.round(n * 100) / 100;

/** p50 / p95 / p99 of a series, as the benchmarks' tables print it. */
export const triple = (p: Pick<Percentiles, 'p50_ms' | 'p95_ms' | 'p99_ms'>) =>
  `${p.p50_ms} / ${p.p95_ms} / ${p.p99_ms}`;

export function percentiles(latencies: number[]): Percentiles {
  const sorted = Float64Array.from(latencies).sort();
  const at = (q: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0;
  return {
    p50_ms: round2(at(0.5)),
    p95_ms: round2(at(0.95)),
    p99_ms: round2(at(0.99)),
    max_ms: round2(sorted.length ? sorted[sorted.length - 1]! : 0),
    count: sorted.length,
  };
}

/**
 * The benchmark's own database, kept between runs so its data set is generated once: on DATABASE_URL's server when
 * set, else on an embedded PostgreSQL whose data lives in `embeddedDir`.
 */
export async function openBenchDatabase(
  name: string,
  embeddedDir: string,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const server = await reachPostgres(embeddedDir);
  return { url: await createDatabase(server.url, name, { keepExisting: true }), stop: server.stop };
}

/**
 * The app on the benchmark's database, listening on a free port, in a child process of the benchmark; it stops on
 * the parent's 'stop' message. Its pool is the one the server would open: embedded unless DATABASE_URL was given.
 */
export async function serveBenchApp(
  url: string,
  overrides: Partial<Config> = {},
  /** Routes of the benchmark's own (its floors), added before the app listens. */
  extend?: (app: FastifyInstance, db: Db) => void,
) {
  const config: Config = {
    ...loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      ACCESS_TOKEN_TTL_SECONDS: '86400',
      DATABASE_POOL_SIZE: process.env.DATABASE_POOL_SIZE,
    }),
    databaseUrl: url,
    // The load comes from one address: the per-address limits would measure the limiter, not the server.
    simulationRateLimitPerMinute: 1e9,
    searchRateLimitPerMinute: 1e9,
    ...overrides,
  };
  // Given its own data folder, an app keeps its files there too.
  if (overrides.dataDir && !overrides.storage)
    config.storage = { ...config.storage, dataDir: overrides.dataDir };
  const { db, pool } = createDb(url, poolSize(config, !process.env.DATABASE_URL));
  const app = await buildApp({ config, db, pool, sessionDatabaseUrl: url, clientDir: null });
  extend?.(app, db);
  await app.listen({ host: '127.0.0.1', port: 0 });
  await workflowsBackfilled(db);
  const address = app.server.address();
  process.on('message', async (m) => {
    if (m === 'stop') {
      await app.close();
      await db.destroy();
      process.exit(0);
    }
  });
  return { app, pool, port: typeof address === 'object' && address ? address.port : 0 };
}

/**
 * Resolves once the start-up backfill has given every dossier its workflow and its job has ended (it then vacuums
 * the tables it filled). The data generators insert dossiers directly, as an upgraded database would hold them, and
 * the backfill of a large data set (a one-off after the upgrade) would otherwise run during the measured phase: it
 * once took a fifth of a core through two minutes of the notifications benchmark.
 */
async function workflowsBackfilled(db: Db) {
  const started = performance.now();
  let reported = 0;
  for (;;) {
    const { rows } = await sql<{ left: number; running: boolean }>`
      SELECT (SELECT count(*)::int FROM dossiers d
              WHERE NOT EXISTS (SELECT 1 FROM dossier_workflows w WHERE w.dossier_id = d.id)) AS left,
             EXISTS (SELECT 1 FROM pgboss.job
                     WHERE name = ${backfillWorkflows.name} AND state IN ('created', 'retry', 'active')) AS running`.execute(
      db,
    );
    const { left, running } = rows[0]!;
    if (left === 0 && !running) break;
    if (performance.now() - reported > 10_000) {
      console.log(
        left > 0
          ? `Waiting for the start-up backfill: ${left} dossiers without their workflow…`
          : 'Waiting for the start-up backfill to vacuum the tables it filled…',
      );
      reported = performance.now();
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  if (reported) console.log(`Backfill done in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
}

/**
 * HTTP requests (GET unless a request says otherwise) through autocannon (a load generator light enough not to weigh on what it measures), `connections` at a
 * time, for `duration` seconds or `amount` requests. `requests` is a list each connection goes through in order, or
 * a function giving the next request of one shared sequence. Latencies of 200 answers in ms; anything else counts as
 * an error.
 */
export async function httpLoad(options: {
  url: string;
  connections: number;
  duration?: number;
  amount?: number;
  requests: BenchRequest[] | (() => BenchRequest);
  /** The answer counted as a success (200 unless given). */
  okStatus?: number;
}): Promise<{ latencies: number[]; errors: number; seconds: number }> {
  const { requests } = options;
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? 10 }),
        requests:
          typeof requests === 'function'
            ? [{ method: 'GET', setupRequest: (request) => ({ ...request, ...requests() }) }]
            : requests.map((r) => ({ method: 'GET' as const, ...r })),
      },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === (options.okStatus ?? 200)) latencies.push(responseTime);
      else errors++;
    });
  });
  errors += result.errors + result.timeouts;
  return { latencies, errors, seconds: (performance.now() - started) / 1000 };
}

export type BenchRequest = {
  path: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
};

/**
 * The SQL helpers of the data generators, for the session (or transaction) `db` runs on: `pg_temp.h(i, salt)`, a
 * stable hash of a row number (a scale always gives the same data), and `pg_temp.bid(kind, i)`, the UUID of the
 * i-th generated row of a kind (documents-ids.ts reads them back).
 */
/**
 * A benchmark's data set, generated once per size and kept: `meta` (a table of the benchmark's own) records how many
 * dossiers it holds and how long generating it took. Reused when it holds `dossiers`; refused when it holds another
 * size; otherwise (nothing, or a generation that did not finish) `truncate` empties the tables, `generate` fills them
 * and the database is analysed.
 */
export async function ensureBenchData(
  url: string,
  db: Db,
  options: {
    meta: string;
    dossiers: number;
    /** What the log calls the dossiers ("dossiers", "dossiers in progress"). */
    noun: string;
    truncate: string;
    /** Logged before generating. */
    announce: string;
    generate: () => Promise<void>;
  },
): Promise<{ generatedSeconds: number }> {
  await migrate(url);
  const meta = sql.table(options.meta);
  await sql`CREATE TABLE IF NOT EXISTS ${meta} (dossiers integer NOT NULL, generated_seconds real NOT NULL)`.execute(
    db,
  );
  const { rows } = await sql<{ dossiers: number; generatedSeconds: number }>`
    SELECT dossiers, generated_seconds AS "generatedSeconds" FROM ${meta}`.execute(db);
  const existing = rows[0];
  if (existing?.dossiers === options.dossiers) {
    console.log(`Reusing ${existing.dossiers} ${options.noun}.`);
    return existing;
  }
  if (existing) throw new Error('The bench database holds another data set: drop it first.');
  await sql`TRUNCATE ${sql.raw(options.truncate)} CASCADE`.execute(db);
  const started = Date.now();
  console.log(options.announce);
  await options.generate();
  await sql`VACUUM ANALYZE`.execute(db);
  const generatedSeconds = Math.round((Date.now() - started) / 1000);
  await sql`INSERT INTO ${meta} VALUES (${options.dossiers}, ${generatedSeconds})`.execute(db);
  console.log(`Generated in ${generatedSeconds} s.`);
  return { generatedSeconds };
}

export async function createBenchFunctions(db: Executor) {
  await sql`CREATE FUNCTION pg_temp.h(i bigint, salt int) RETURNS bigint IMMUTABLE LANGUAGE sql AS
    'SELECT (hashint8(i * 1000 + salt) & 2147483647)::bigint'`.execute(db);
  await sql`CREATE FUNCTION pg_temp.bid(kind int, i bigint) RETURNS uuid IMMUTABLE LANGUAGE sql AS
    $$SELECT ('00000000-' || lpad(to_hex(kind), 4, '0') || '-7000-8000-' || lpad(to_hex(i), 12, '0'))::uuid$$`.execute(
    db,
  );
}

/** One SQL statement a recording database ran, and how long it took. */
export type RecordedStatement = { sql: string; parameters: readonly unknown[]; ms: number };

/**
 * A database handle on its own pool that records the statements it runs while `recording.on` is true, to find what a
 * measured operation spends its time on.
 */
export function recordingDatabase(url: string, size: number) {
  const { pool } = createDb(url, size);
  const statements: RecordedStatement[] = [];
  const recording = { on: false };
  const log = (event: LogEvent) => {
    if (recording.on && event.level === 'query') {
      const { sql, parameters } = event.query;
      statements.push({ sql, parameters, ms: event.queryDurationMillis });
    }
  };
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
    log,
  });
  return { db, pool, statements, recording };
}

/**
 * Companies (each with one client), experts and admins, named from the words of the run's `bench_param` table, with
 * the ids of `createBenchFunctions` (`pg_temp.bid(kind, i)`: 2 companies, 1 clients, 3 experts, 4 admins) and SIRENs
 * from `sirenBase`.
 */
export async function insertBenchPeople(
  db: Executor,
  scale: { companies: number; experts: number; admins: number },
  sirenBase: number,
) {
  await sql`INSERT INTO companies (id, name, siren, sector, size, region)
    SELECT pg_temp.bid(2, i),
      company_words[1 + pg_temp.h(i, 1) % cardinality(company_words)] || ' ' ||
        last_names[1 + pg_temp.h(i, 2) % cardinality(last_names)] || ' ' ||
        company_places[1 + pg_temp.h(i, 3) % cardinality(company_places)],
      lpad((${sirenBase}::bigint + i)::text, 9, '0'), 'transport_routier', '10-49',
      regions[1 + pg_temp.h(i, 4) % cardinality(regions)]
    FROM generate_series(1, ${scale.companies}::bigint) i, bench_param`.execute(db);
  const person = (kind: number, role: string, count: number) => sql`
    INSERT INTO users (id, email, password_hash, role, status, first_name, last_name, company_id)
    SELECT pg_temp.bid(${kind}, i), 'bench.' || ${role} || i || '@bench.test', 'not-a-login', ${role}, 'active',
      first_names[1 + pg_temp.h(i, 5) % cardinality(first_names)],
      last_names[1 + pg_temp.h(i, 6) % cardinality(last_names)],
      ${role === 'client' ? sql`pg_temp.bid(2, i)` : sql`NULL::uuid`}
    FROM generate_series(1, ${count}::bigint) i, bench_param`;
  await person(1, 'client', scale.companies).execute(db);
  await person(3, 'expert', scale.experts).execute(db);
  await person(4, 'admin', scale.admins).execute(db);
}

/**
 * The e-mails and pushes an earlier run left waiting when its server stopped (an announcement's 100,000 e-mails, the
 * notifications of the last completions): the next run's server would send them while it measures. They are skipped
 * (their e-mails marked failed) and their jobs dropped, so that a run measures its own work.
 */
export async function dropUndelivered(db: Db) {
  const { rows } = await sql<{ n: number }>`
    WITH skipped AS (
      UPDATE notification_deliveries SET status = 'skipped', skip_reason = 'left by an earlier bench run'
      WHERE status = 'pending' RETURNING 1)
    SELECT count(*)::int AS n FROM skipped`.execute(db);
  await sql`UPDATE email_messages SET status = 'failed', last_error = 'left by an earlier bench run'
    WHERE status = 'queued'`.execute(db);
  // The job runner makes its schema when the app first starts: a data set generated by a run stopped before has none.
  const { rows: jobs } = await sql<{
    table: string | null;
  }>`SELECT to_regclass('pgboss.job')::text AS table`.execute(db);
  if (jobs[0]!.table) {
    await sql`DELETE FROM pgboss.job
      WHERE name IN ('notifications.deliver', 'email.send') AND state IN ('created', 'retry')`.execute(db);
  }
  if (rows[0]!.n === 0) return;
  console.log(`Skipped ${rows[0]!.n} deliveries an earlier run left pending.`);
  // Those writes are flushed now, not by a checkpoint spread over the measured phase.
  await sql`CHECKPOINT`.execute(db);
}
