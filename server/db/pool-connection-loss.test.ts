import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createDb, type Db } from './pool.ts';

describe('a pooled connection ended by PostgreSQL (restart, failover)', () => {
  let db: Db | undefined;
  let admin: pg.Client | undefined;
  afterEach(async () => {
    await admin?.end();
    await db?.destroy();
  });

  it('fails the transaction holding it without crashing the process, and the pool serves again', async () => {
    ({ db } = createDb(inject('serverUrl'), 2));
    admin = new pg.Client({ connectionString: inject('serverUrl') });
    await admin.connect();
    const terminator = admin;
    const outcome = db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx);
      await terminator.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      // The server's FATAL message arrives while the connection is checked out and idle.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await sql`SELECT 1`.execute(trx);
    });
    await expect(outcome).rejects.toThrow();
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(db);
    expect(rows[0]!.one).toBe(1);
  });
});
