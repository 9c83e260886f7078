import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { paced } from '../paced.ts';
import { type Percentiles, percentiles as summarise } from '../support.ts';
import { WORDS } from './data.ts';

/**
 * The disk's floor: a one-row INSERT committed on its own, as each message's send waits for its WAL flushed, at the
 * same rate, on the benchmark's database straight through `pg`, 3 connections (the app's pool). On a machine whose
 * disk flushes slowly, this is the part of the delivery latency no code of ours can remove.
 */
export async function commitFloor(url: string, rate: number, seconds: number): Promise<Percentiles> {
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  try {
    await pool.query(
      'CREATE TABLE IF NOT EXISTS bench_commit_floor (id bigserial PRIMARY KEY, body text NOT NULL)',
    );
    const latencies: number[] = [];
    const running: Promise<unknown>[] = [];
    await paced(rate, seconds, (i) => {
      const started = performance.now();
      const body = `commit ${i} ${WORDS[i % WORDS.length]}`;
      running.push(
        pool
          .query('INSERT INTO bench_commit_floor (body) VALUES ($1)', [body])
          .then(() => latencies.push(performance.now() - started)),
      );
    });
    await Promise.all(running);
    return summarise(latencies);
  } finally {
    await pool.query('DROP TABLE IF EXISTS bench_commit_floor');
    await pool.end();
  }
}
