import { createServer } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { registerClient } from '../../tests/support/factories.ts';
import { startedApp } from '../../tests/support/test-app.ts';
import { createDb } from '../db/pool.ts';
import { isDatabaseUnavailable } from './db-errors.ts';

/** The error a promise rejects with. */
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error,
  );

const closedPort = async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
};

describe('database timeouts on every connection', () => {
  const t = startedApp({
    databasePoolSize: 1,
    databaseAcquireTimeoutMs: 300,
    databaseStatementTimeoutMs: 1_500,
    databaseIdleInTransactionTimeoutMs: 2_500,
  });

  it('sets statement_timeout and idle_in_transaction_session_timeout as configured', async () => {
    const settings = await t.db
      .selectNoFrom((eb) => [
        eb.fn<string>('current_setting', [eb.val('statement_timeout')]).as('statement'),
        eb.fn<string>('current_setting', [eb.val('idle_in_transaction_session_timeout')]).as('idle'),
      ])
      .executeTakeFirstOrThrow();
    expect(settings).toEqual({ statement: '1500ms', idle: '2500ms' });
  });

  it('answers 503 SERVICE_UNAVAILABLE with Retry-After when no connection frees up in time', async () => {
    const session = await registerClient(t);
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The pool's only connection, held by the test (outside any request) until released.
    const holding = t.db.connection().execute(() => held);
    try {
      const res = await t.request('GET', '/api/me', { token: session.token });
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('SERVICE_UNAVAILABLE');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      release();
      await holding;
    }
    expect((await t.request('GET', '/api/me', { token: session.token })).status).toBe(200);
  });
});

describe('isDatabaseUnavailable', () => {
  const url = inject('serverUrl');

  it('recognises a refused connection', async () => {
    const { db } = createDb(`postgres://postgres@127.0.0.1:${await closedPort()}/none`, 1);
    const error = await failure(db.selectNoFrom((eb) => eb.val(1).as('one')).execute());
    await db.destroy();
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('recognises a pool that had no connection to give in time', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    pool.options.connectionTimeoutMillis = 100;
    const client = await pool.connect();
    const error = await failure(pool.connect());
    client.release();
    await pool.end();
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it('recognises a connection ended by the server (shutdown, terminate)', async () => {
    const victim = new pg.Client({ connectionString: url });
    victim.on('error', () => {});
    await victim.connect();
    const { rows } = await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const pending = failure(victim.query('SELECT pg_sleep(5)'));
    await new Promise((r) => setTimeout(r, 100));
    await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
    await admin.end();
    const error = (await pending) as { code?: string };
    expect(error.code).toBe('57P01');
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(isDatabaseUnavailable(await failure(victim.query('SELECT 1')))).toBe(true);
    await victim.end().catch(() => {});
  });

  it('recognises a transaction whose connection the server ended mid-statement (its rollback fails too)', async () => {
    const { db } = createDb(url, 1);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      let terminated: Promise<unknown> = Promise.resolve();
      const outcome = failure(
        db.transaction().execute(async (trx) => {
          const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx);
          const sleeping = sql`SELECT pg_sleep(5)`.execute(trx);
          terminated = admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
          await sleeping;
        }),
      );
      const error = await outcome;
      await terminated;
      expect(isDatabaseUnavailable(error), String(error)).toBe(true);
    } finally {
      await admin.end();
      await db.destroy();
    }
  });

  it('does not take a bad query or a constraint violation for an outage', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect(isDatabaseUnavailable(await failure(client.query('SELEC 1')))).toBe(false);
      expect(isDatabaseUnavailable(await failure(client.query('SELECT 1/0')))).toBe(false);
      expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
      expect(isDatabaseUnavailable(undefined)).toBe(false);
    } finally {
      await client.end();
    }
  });
});
