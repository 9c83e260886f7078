import type pg from 'pg';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { type BenchRequest, recordingDatabase } from './support.ts';

const SUBSCRIBERS_TIMEOUT_MS = 10_000;

/**
 * One request alone on an app in this process: the statements it ran before its answer (the slowest explained), and
 * apart those its events' subscribers ran after it.
 */
export async function explainSlowestStatement(
  url: string,
  dataDir: string,
  request: BenchRequest,
  warmUp: BenchRequest = request,
) {
  const { db, pool, statements, recording } = recordingDatabase(url, 4);
  const config = {
    ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ACCESS_TOKEN_TTL_SECONDS: '86400' }),
    dataDir,
    searchRateLimitPerMinute: 1e9,
  };
  config.storage = { ...config.storage, dataDir };
  const app = await buildApp({ config, db, pool, sessionDatabaseUrl: url, clientDir: null });
  try {
    const ask = (r: BenchRequest) =>
      app.inject({ method: r.method ?? 'GET', url: r.path, headers: r.headers, payload: r.body });
    // The first run warms the plans and the caches, as the load did; its subscribers finish before the recording
    // starts (their statements were once counted as the recorded request's).
    await ask(warmUp);
    await app.services.events.settled(SUBSCRIBERS_TIMEOUT_MS);
    recording.on = true;
    const started = performance.now();
    const response = await ask(request);
    const totalMs = performance.now() - started;
    const answered = statements.length;
    await app.services.events.settled(SUBSCRIBERS_TIMEOUT_MS);
    recording.on = false;
    // What the subscribers of the request's events (the step clock, notifications…) ran after the answer; they start
    // before it, once the commit is published, so some of their statements come before.
    const afterAnswer = statements.splice(answered);
    if (response.statusCode !== 200)
      throw new Error(`${request.path} answered ${response.statusCode}: ${response.body}`);
    const explainable = statements.filter(
      (s) => !/^\s*(begin|commit|rollback|savepoint|release)\b/i.test(s.sql),
    );
    const slowest = explainable.reduce((a, b) => (b.ms > a.ms ? b : a));
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const plan = await explain(client, slowest.sql, slowest.parameters as unknown[]);
      return {
        statements: statements.length,
        statementsMs: statements.reduce((sum, s) => sum + s.ms, 0),
        afterAnswer: {
          statements: afterAnswer.length,
          statementsMs: afterAnswer.reduce((sum, s) => sum + s.ms, 0),
        },
        totalMs,
        slowestFirst: [...statements]
          .sort((a, b) => b.ms - a.ms)
          .slice(0, 8)
          .map((s) => ({ ms: s.ms, sql: s.sql.replace(/\s+/g, ' ').slice(0, 100) })),
        sql: slowest.sql,
        parameters: slowest.parameters,
        plan,
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

/**
 * The statement's plan as it ran (EXPLAIN ANALYZE, rolled back with the caller's transaction); a write that cannot
 * run twice with the same values (an insert of the same key) gets the planner's estimate only.
 */
async function explain(client: pg.PoolClient, text: string, parameters: unknown[]): Promise<string> {
  const lines = (rows: { 'QUERY PLAN': string }[]) => rows.map((r) => r['QUERY PLAN']).join('\n');
  await client.query('SAVEPOINT explain');
  try {
    return lines((await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, parameters)).rows);
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT explain');
    const reason = error instanceof Error ? error.message : String(error);
    const plan = lines((await client.query(`EXPLAIN ${text}`, parameters)).rows);
    return `(not run again: ${reason})\n${plan}`;
  }
}
