import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { eventually } from '../../tests/support/waiting.ts';
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

  it('does not lend again a connection whose query PostgreSQL ended: the next query runs on a new one', async () => {
    ({ db } = createDb(inject('serverUrl'), 1));
    admin = new pg.Client({ connectionString: inject('serverUrl') });
    await admin.connect();
    await admin.query('CREATE TABLE IF NOT EXISTS connection_loss_probe (x int)');
    await admin.query('BEGIN');
    await admin.query('LOCK TABLE connection_loss_probe IN ACCESS EXCLUSIVE MODE');
    // The next query is asked as soon as the first fails, as a request arriving then would: the pool's only
    // connection is the one just ended.
    const next = sql`SELECT count(*) FROM connection_loss_probe`.execute(db).then(
      () => 'not ended',
      () => sql<{ one: number }>`SELECT 1 AS one`.execute(db!),
    );
    // Ended from another session: pg_stat_activity stays as first read within the locking transaction.
    const terminator = new pg.Client({ connectionString: inject('serverUrl') });
    await terminator.connect();
    try {
      await eventually(async () => {
        const killed = await terminator.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE query LIKE '%FROM connection_loss_probe' AND wait_event_type = 'Lock'`,
        );
        expect(killed.rowCount).toBe(1);
      });
    } finally {
      await terminator.end();
    }
    expect(await next).toMatchObject({ rows: [{ one: 1 }] });
    await admin.query('ROLLBACK');
  });
});
