import os from 'node:os';
import pg from 'pg';
import type { Config } from '../config.ts';
import { startEmbeddedPostgres } from './embedded.ts';
import { migrate } from './migrate.ts';
import { createDb, type Db, type DbTimeouts, type TimedPool } from './pool.ts';

export type Database = {
  db: Db;
  pool: TimedPool;
  /** Where connections keep their session (DATABASE_DIRECT_URL, else the pool's URL): LISTEN, the job runner. */
  sessionUrl: string;
  embedded: boolean;
  close: () => Promise<void>;
};

/**
 * Connections to PostgreSQL. The embedded server shares this machine's cores: one connection per core, plus one,
 * keeps them busy, and more would only make queries take turns inside PostgreSQL (measured on two cores: 3
 * connections served the marketplace benchmark's searches a fifth faster than 10, with a lower p95). An external
 * server's cores are unknown here: 10. `DATABASE_POOL_SIZE` overrides both.
 */
export function poolSize(config: Pick<Config, 'databasePoolSize'>, embedded: boolean): number {
  return config.databasePoolSize ?? (embedded ? os.availableParallelism() + 1 : 10);
}

export const dbTimeouts = (
  config: Pick<
    Config,
    'databaseAcquireTimeoutMs' | 'databaseStatementTimeoutMs' | 'databaseIdleInTransactionTimeoutMs'
  >,
): DbTimeouts => ({
  acquireTimeoutMs: config.databaseAcquireTimeoutMs,
  statementTimeoutMs: config.databaseStatementTimeoutMs,
  idleInTransactionTimeoutMs: config.databaseIdleInTransactionTimeoutMs,
});

/** The configured PostgreSQL (or the embedded one), migrated and ready. */
export async function openDatabase(
  config: Config,
  log: (line: string) => void = () => {},
): Promise<Database> {
  const embedded = config.databaseUrl
    ? null
    : await startEmbeddedPostgres(config.dataDir, { port: config.embeddedPgPort, log });
  const url = config.databaseUrl ?? embedded!.url;
  const sessionUrl = config.databaseDirectUrl ?? url;
  try {
    const applied = await migrate(sessionUrl);
    for (const name of applied) log(`migration applied: ${name}`);
    if (config.databasePooled) await applyRoleTimeouts(sessionUrl, dbTimeouts(config));
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  const { db, pool } = createDb(url, poolSize(config, Boolean(embedded)), dbTimeouts(config), {
    preparedStatements: config.databasePreparedStatements,
    timeoutsAtConnect: !config.databasePooled,
  });
  return {
    db,
    pool,
    sessionUrl,
    embedded: Boolean(embedded),
    close: async () => {
      await db.destroy();
      await embedded?.stop();
    },
  };
}

/**
 * Behind a pooler the timeouts cannot be startup parameters: they become this role's settings in this database,
 * which every new server connection (the pooler's included) starts with. Migrations lift them for their session.
 */
export async function applyRoleTimeouts(sessionUrl: string, timeouts: DbTimeouts): Promise<void> {
  const client = new pg.Client({ connectionString: sessionUrl });
  await client.connect();
  try {
    const settings = {
      statement_timeout: timeouts.statementTimeoutMs,
      idle_in_transaction_session_timeout: timeouts.idleInTransactionTimeoutMs,
    };
    for (const [name, ms] of Object.entries(settings)) {
      const { rows } = await client.query<{ statement: string }>(
        "SELECT format('ALTER ROLE %I IN DATABASE %I SET %s = %L', current_user, current_database(), $1::text, $2::text) AS statement",
        [name, String(ms)],
      );
      await client.query(rows[0]!.statement);
    }
  } finally {
    await client.end();
  }
}
