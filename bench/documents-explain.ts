/**
 * The plan of a request as the app runs it (a search, a step completion): one request through an app built in this
 * process on a database handle that records every statement, then EXPLAIN (ANALYZE, BUFFERS) of the slowest
 * statement it ran, with its values, in a transaction rolled back (a write changes nothing). Whatever SQL the module
 * writes, this is its real query. `warmUp` goes first, unrecorded (the same request unless given: a request that
 * changes what it acts on, like completing a step, needs another one).
 */
import { CamelCasePlugin, Kysely, type LogEvent, PostgresDialect } from 'kysely';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { createDb } from '../server/db/pool.ts';
import type { Database } from '../server/db/schema.ts';
import type { BenchRequest } from './support.ts';

type Statement = { sql: string; parameters: readonly unknown[]; ms: number };

export async function explainSlowestStatement(
  url: string,
  dataDir: string,
  request: BenchRequest,
  warmUp: BenchRequest = request,
) {
  const { pool } = createDb(url, 4);
  const statements: Statement[] = [];
  let recording = false;
  const log = (event: LogEvent) => {
    if (recording && event.level === 'query') {
      const { sql, parameters } = event.query;
      statements.push({ sql, parameters, ms: event.queryDurationMillis });
    }
  };
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
    log,
  });
  const config = {
    ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ACCESS_TOKEN_TTL_SECONDS: '86400' }),
    dataDir,
    searchRateLimitPerMinute: 1e9,
  };
  config.storage = { ...config.storage, dataDir };
  const app = await buildApp({ config, db, pool, databaseUrl: url, clientDir: null });
  try {
    const ask = (r: BenchRequest) =>
      app.inject({ method: r.method ?? 'GET', url: r.path, headers: r.headers, payload: r.body });
    // The first run warms the plans and the caches, as the load did.
    await ask(warmUp);
    recording = true;
    const started = performance.now();
    const response = await ask(request);
    const totalMs = performance.now() - started;
    recording = false;
    if (response.statusCode !== 200)
      throw new Error(`${request.path} answered ${response.statusCode}: ${response.body}`);
    const explainable = statements.filter(
      (s) => !/^\s*(begin|commit|rollback|savepoint|release)\b/i.test(s.sql),
    );
    const slowest = explainable.reduce((a, b) => (b.ms > a.ms ? b : a));
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const plan = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${slowest.sql}`,
        slowest.parameters as unknown[],
      );
      return {
        statements: statements.length,
        statementsMs: statements.reduce((sum, s) => sum + s.ms, 0),
        totalMs,
        slowestFirst: [...statements]
          .sort((a, b) => b.ms - a.ms)
          .slice(0, 8)
          .map((s) => ({ ms: s.ms, sql: s.sql.replace(/\s+/g, ' ').slice(0, 100) })),
        sql: slowest.sql,
        parameters: slowest.parameters,
        plan: plan.rows.map((r) => r['QUERY PLAN']).join('\n'),
      };
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  } finally {
    await app.close();
    await db.destroy();
  }
}
