import { createHash } from 'node:crypto';
import {
  CamelCasePlugin,
  type Compilable,
  Kysely,
  PostgresDialect,
  type RawBuilder,
  sql,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';

// int8 (bigint: cents, counts) as JS numbers: exact up to 2^53 cents, far beyond any amount handled here.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

export type Db = Kysely<Database>;
/** The database or an open transaction: what repository functions run on. */
export type Executor = Db | Transaction<Database>;

const PREPARED_MARKER = '/* prepared */ ';

/**
 * A statement that each connection parses and plans once, then runs again by name (PostgreSQL switches it to a
 * generic plan after a few runs). For a hot query of fixed shape whose planning costs more than its execution; its
 * text must not vary with its parameters (values go through `${…}`, never `sql.raw`/`sql.lit`), or every variant
 * would be kept by every connection.
 */
export const prepared = <T>(query: RawBuilder<T>): RawBuilder<T> =>
  sql<T>`${sql.raw(PREPARED_MARKER)}${query}`;

/** Runs a query builder's statement as `prepared` does (same rules: its text must not vary with its values). */
export async function runPrepared<R>(db: Executor, query: Compilable<R>): Promise<R[]> {
  const compiled = query.compile();
  return (await db.executeQuery<R>({ ...compiled, sql: PREPARED_MARKER + compiled.sql })).rows;
}

const statementNames = new Map<string, string>();

/** A pg client that runs statements marked by `prepared` as named statements, named after their text. */
class PreparingClient extends pg.Client {
  // biome-ignore lint/suspicious/noExplicitAny: pg's query() overloads are not expressible through `super`
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === 'string' && config.startsWith(PREPARED_MARKER)) {
      let name = statementNames.get(config);
      if (!name) {
        name = `q_${createHash('sha1').update(config).digest('hex').slice(0, 24)}`;
        statementNames.set(config, name);
      }
      return super.query({ name, text: config, values }, callback);
    }
    return super.query(config, values, callback);
  }
}

export function createDb(connectionString: string, max = 10): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({ connectionString, max, idleTimeoutMillis: 30_000, Client: PreparingClient });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on next use.
  });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
  });
  return { db, pool };
}
