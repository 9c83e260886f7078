/**
 * The plan of a search as the app runs it: one request through an app built in this process on a database handle
 * that records every statement, then EXPLAIN (ANALYZE, BUFFERS) of the slowest statement it ran, with its values.
 * Whatever SQL the search module writes, this is its real query.
 */
import { CamelCasePlugin, Kysely, type LogEvent, PostgresDialect } from 'kysely';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { createDb } from '../server/db/pool.ts';
import type { Database } from '../server/db/schema.ts';
import type { BenchRequest } from './support.ts';

type Statement = { sql: string; parameters: readonly unknown[]; ms: number };

export async function explainSlowestStatement(url: string, dataDir: string, request: BenchRequest) {
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
    const ask = () => app.inject({ method: 'GET', url: request.path, headers: request.headers });
    // The first run warms the plans and the caches, as the load did.
    await ask();
    recording = true;
    const response = await ask();
    recording = false;
    if (response.statusCode !== 200)
      throw new Error(`search answered ${response.statusCode}: ${response.body}`);
    const slowest = statements.reduce((a, b) => (b.ms > a.ms ? b : a));
    const plan = await pool.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (ANALYZE, BUFFERS) ${slowest.sql}`,
      slowest.parameters as unknown[],
    );
    return {
      statements: statements.length,
      sql: slowest.sql,
      parameters: slowest.parameters,
      plan: plan.rows.map((r) => r['QUERY PLAN']).join('\n'),
    };
  } finally {
    await app.close();
    await db.destroy();
  }
}
