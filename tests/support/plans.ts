import { sql } from 'kysely';
import { expect } from 'vitest';
import type { Db, Executor } from '../../server/db/pool.ts';

/** PostgreSQL plans a prepared statement's first five runs for their own values, then compares with a shared plan. */
const CUSTOM_RUNS = 5;
const RUNS = 8;

/**
 * Runs `statement` eight times on one connection, then expects the prepared statement whose text holds
 * `fragment` to have been planned for its own values only in PostgreSQL's first five runs, and to have kept its
 * generic plan for the others: a statement planned again at every run costs its planning every time.
 */
export async function expectOnePlan(
  db: Db,
  fragment: string,
  statement: (conn: Executor, run: number) => Promise<unknown>,
): Promise<void> {
  await db.connection().execute(async (conn) => {
    for (let run = 0; run < RUNS; run++) await statement(conn, run);
    const { rows } = await sql<{ generic: number; custom: number }>`
      SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements
      WHERE statement LIKE ${`%${fragment}%`}`.execute(conn);
    expect(rows).toHaveLength(1);
    // The connection may have run the statement before the test.
    expect(rows[0]!.custom).toBe(CUSTOM_RUNS);
    expect(rows[0]!.generic).toBeGreaterThanOrEqual(RUNS - CUSTOM_RUNS);
  });
}
