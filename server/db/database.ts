import type pg from 'pg';
import type { Config } from '../config.ts';
import { startEmbeddedPostgres } from './embedded.ts';
import { migrate } from './migrate.ts';
import { createDb, type Db } from './pool.ts';

export type Database = { db: Db; pool: pg.Pool; url: string; embedded: boolean; close: () => Promise<void> };

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
  const { db, pool } = createDb(url);
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
