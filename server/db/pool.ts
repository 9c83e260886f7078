import { createHash } from 'node:crypto';
import {
  CamelCasePlugin,
  type Compilable,
  type CompiledQuery,
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
 *
 * A list goes as one array, walked by subscript (`FROM (SELECT ${ids}::uuid[] AS id) l CROSS JOIN LATERAL
 * generate_subscripts(l.id, 1) AS i`, then `l.id[i]`), not by `unnest` nor `= ANY`: PostgreSQL estimates those from
 * the array's value in a run's own plan and from nothing in the shared one, the run's own plan then always looks
 * cheaper, and the statement is planned again at every run. The shared plan assumes a thousand elements: each
 * element's rows are read through a subquery it cannot turn into a join, so that they are still read by index (a
 * scalar subquery, or a `LATERAL` one ending in `OFFSET 0`; not `EXISTS`, which it may run as one scan hashed).
 */
export const prepared = <T>(query: RawBuilder<T>): RawBuilder<T> =>
  sql<T>`${sql.raw(PREPARED_MARKER)}${query}`;

/**
 * A query builder's statement of fixed shape, built and compiled once per process, then run as a `prepared`
 * statement with each call's values: for hot queries where building and compiling cost more than running.
 * `build` receives stand-ins for the parameters; each may only be used as a value (compared, a limit, a `${…}` in
 * sql), read by name (they cannot be spread), never to decide the query's shape (a stand-in is always there) nor
 * as a list (`in` expands lists): a list goes as one array value, walked as `prepared` says.
 */
export function preparedQuery<
  P extends Record<string, string | number | boolean | Date | null | readonly string[]>,
  R,
>(build: (db: Executor, params: P) => Compilable<R>): (db: Executor, params: P) => Promise<R[]> {
  let template: { compiled: CompiledQuery<R>; slots: (keyof P | undefined)[] } | undefined;
  return async (db, params) => {
    template ??= compileTemplate(db, build);
    const { compiled, slots } = template;
    const parameters = compiled.parameters.map((constant, i) => {
      const slot = slots[i];
      return slot === undefined ? constant : params[slot];
    });
    return (await db.executeQuery<R>({ ...compiled, parameters })).rows;
  };
}

const STAND_IN = '\u0000param:';

function compileTemplate<P extends Record<string, unknown>, R>(
  db: Executor,
  build: (db: Executor, params: P) => Compilable<R>,
) {
  const standIns = new Proxy({} as P, { get: (_, name) => `${STAND_IN}${String(name)}` });
  const compiled = build(db, standIns).compile();
  const slots = compiled.parameters.map((value) =>
    typeof value === 'string' && value.startsWith(STAND_IN)
      ? (value.slice(STAND_IN.length) as keyof P)
      : undefined,
  );
  return { compiled: { ...compiled, sql: PREPARED_MARKER + compiled.sql }, slots };
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

/** How long the server waits on the database before giving up, so that it can never hang on it. */
export type DbTimeouts = {
  /** Waiting for a pooled connection (all busy) or for a new one to connect: then "timeout exceeded". */
  acquireTimeoutMs: number;
  /** A statement running longer is cancelled by PostgreSQL (SQLSTATE 57014); 0: no limit. */
  statementTimeoutMs: number;
  /** A transaction left open and idle longer is ended by PostgreSQL, which frees its locks; 0: no limit. */
  idleInTransactionTimeoutMs: number;
};

/**
 * Without timeouts given (tools: benchmark data generation, test setup), statements may run long, but nothing
 * waits forever for a connection nor holds one idle in a transaction. The server passes its configuration's.
 */
const toolTimeouts: DbTimeouts = {
  acquireTimeoutMs: 30_000,
  statementTimeoutMs: 0,
  idleInTransactionTimeoutMs: 60_000,
};

/**
 * Behind a pooler, each transaction may run on another server connection. In transaction mode a statement named
 * on one connection is unknown on the next: `preparedStatements: false` runs the same fixed query texts unnamed.
 * PgBouncer refuses timeouts among the startup parameters: `timeoutsAtConnect: false` leaves them to the role's
 * settings (`applyRoleTimeouts` in database.ts).
 */
export type PoolerCompatibility = { preparedStatements: boolean; timeoutsAtConnect: boolean };

const direct: PoolerCompatibility = { preparedStatements: true, timeoutsAtConnect: true };

/**
 * A pg pool that tells how long each checkout waited for its connection: all of them busy (the pool is the
 * bottleneck), or a new one connecting. Requests and background jobs share the pool, so a burst of jobs shows here.
 */
export class TimedPool extends pg.Pool {
  private readonly acquireListeners: ((waitMs: number) => void)[] = [];

  onAcquired(listener: (waitMs: number) => void): void {
    this.acquireListeners.push(listener);
  }

  // biome-ignore lint/suspicious/noExplicitAny: pg-pool's connect() overloads (callback or promise) are not expressible through `super`
  override connect(callback?: any): any {
    const started = performance.now();
    const acquired = () => {
      const waitMs = performance.now() - started;
      for (const listener of this.acquireListeners) listener(waitMs);
    };
    if (!callback)
      return super.connect().then((client) => {
        acquired();
        return client;
      });
    return super.connect((error, client, release) => {
      if (!error) acquired();
      callback(error, client, release);
    });
  }
}

export function createDb(
  connectionString: string,
  max = 10,
  timeouts: DbTimeouts = toolTimeouts,
  compatibility: PoolerCompatibility = direct,
): { db: Db; pool: TimedPool } {
  const pool = new TimedPool({
    connectionString,
    max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: timeouts.acquireTimeoutMs,
    // Startup parameters of every connection (a DATABASE_URL parameter wins).
    ...(compatibility.timeoutsAtConnect
      ? {
          statement_timeout: timeouts.statementTimeoutMs || undefined,
          idle_in_transaction_session_timeout: timeouts.idleInTransactionTimeoutMs || undefined,
        }
      : {}),
    ...(compatibility.preparedStatements ? { Client: PreparingClient } : {}),
  });
  pool.on('error', () => {
    // An idle client lost its connection; the pool replaces it on next use.
  });
  pool.on('connect', (client) => {
    // A checked-out client has no 'error' listener (the pool only watches idle ones): when PostgreSQL ends its
    // connection (restart, failover), its 'error' event would crash the process. Its query fails anyway.
    client.on('error', () => {});
    // PostgreSQL closes the connection after a FATAL message, but the query it failed is released before the socket
    // closes: ending the client now makes the pool discard it on release instead of lending it to the next query.
    client.connection.on('errorMessage', (message: { severity?: string }) => {
      if (message.severity === 'FATAL' || message.severity === 'PANIC') client.end().catch(() => {});
    });
  });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
  });
  return { db, pool };
}
