import os from 'node:os';
import type pg from 'pg';
import type { Config } from '../config.ts';
import { startEmbeddedPostgres } from './embedded.ts';
import { migrate } from './migrate.ts';
import { createDb, type Db, type DbTimeouts } from './pool.ts';

export type Database = { db: Db; pool: pg.Pool; url: string; embedded: boolean; close: () => Promise<void> };

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
  try {
    const applied = await migrate(url);
    for (const name of applied) log(`migration applied: ${name}`);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  const { db, pool } = createDb(url, poolSize(config, Boolean(embedded)), dbTimeouts(config));
  return {
    db,
    pool,
    url,
    embedded: Boolean(embedded),
    close: async () => {
      await db.destroy();
      await embedded?.stop();
    },
  };
}
