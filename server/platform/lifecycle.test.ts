/** An instance's readiness and its shutdown, as a load balancer and the sockets see them. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { registerClient } from '../../tests/support/factories.ts';
import { startTestApp, type TestApp } from '../../tests/support/test-app.ts';
import { eventually, sleep } from '../../tests/support/waiting.ts';
import { connect, disconnection, nextEvent } from '../modules/messaging/messaging.factories.ts';
import { shutDown } from './lifecycle.ts';

let t: TestApp | undefined;
afterEach(async () => {
  // A test that shut its app down leaves nothing to close but its pool (closing twice is harmless).
  await t?.close().catch(() => {});
  t = undefined;
});

describe('readiness', () => {
  it('answers ready once the app listens', async () => {
    t = await startTestApp();
    // Ready as soon as `listen` resolves, not once the modules' start-up work (a job's insert) is done.
    expect(t.app.services.readiness.phase).toBe('ready');
    const res = await t.request('GET', '/api/health/ready');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready' });
  });

  it('answers 503 draining from the first moment of a shutdown, while the instance still serves', async () => {
    t = await startTestApp();
    const closing = shutDown(t.app, { drainMs: 400, timeoutMs: 5000 });
    const ready = await t.request('GET', '/api/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ status: 'draining' });
    const health = await t.request('GET', '/api/health');
    expect(health.status).toBe(200);
    await closing;
  });
});

describe('shutdown', () => {
  it('tells connected sockets to connect again elsewhere, and they leave', async () => {
    t = await startTestApp();
    const client = await registerClient(t);
    const socket = await connect(t.baseUrl, client.token);
    socket.on('server:draining', () => socket.disconnect());
    const told = nextEvent(socket, 'server:draining', () => true, 5000);
    const left = disconnection(socket);
    const started = Date.now();
    await shutDown(t.app, { drainMs: 0, timeoutMs: 5000, socketGraceMs: 3000 });
    await told;
    expect(await left).toBe('io client disconnect');
    // It left on being told: the shutdown did not wait out the grace period.
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('cuts sockets that do not leave at the transport, which the client takes as a lost connection', async () => {
    t = await startTestApp();
    const client = await registerClient(t);
    const socket = await connect(t.baseUrl, client.token);
    const left = disconnection(socket);
    await shutDown(t.app, { drainMs: 0, timeoutMs: 5000, socketGraceMs: 100 });
    expect(await left).toBe('transport close');
  });

  it('refuses new sockets while draining, with a code the client retries on', async () => {
    t = await startTestApp();
    const client = await registerClient(t);
    const first = await connect(t.baseUrl, client.token);
    first.on('server:draining', () => {});
    const closing = shutDown(t.app, { drainMs: 0, timeoutMs: 5000, socketGraceMs: 1500 });
    await sleep(100);
    const refused = await connect(t.baseUrl, client.token).then(
      () => null,
      (error: Error & { data?: { code: string } }) => error.data?.code,
    );
    expect(refused).toBe('SERVER_DRAINING');
    first.close();
    await closing;
  });

  it('lets a request in flight finish', async () => {
    t = await startTestApp();
    const client = await registerClient(t);
    // The sign-up's own work (its verification e-mail) done first: the request is then the one waiting on the lock.
    await t.app.services.events.settled(10_000);
    // The request waits inside the server on a lock the test holds, and the shutdown starts meanwhile.
    const locker = new pg.Client({ connectionString: t.databaseUrl });
    await locker.connect();
    await locker.query('BEGIN; LOCK TABLE dossiers IN ACCESS EXCLUSIVE MODE');
    const inFlight = t.request('GET', '/api/dossiers', { token: client.token });
    let closing: Promise<void> | undefined;
    try {
      // The request waits to read the dossiers: its prepared statement waits in Bind, where pg_stat_activity still
      // shows the connection's previous statement. A minute job of the app may wait on the same lock: at least one.
      // Relations of the databases cloned from one template share their ids: this database's only.
      await eventually(async () => {
        const { rows } = await locker.query(
          `SELECT count(*)::int AS n FROM pg_locks
           WHERE database = (SELECT oid FROM pg_database WHERE datname = current_database())
             AND relation = 'dossiers'::regclass AND mode = 'AccessShareLock' AND NOT granted`,
        );
        expect(rows[0].n).toBeGreaterThanOrEqual(1);
      });
      closing = shutDown(t.app, { drainMs: 0, timeoutMs: 5000 });
      await sleep(300);
    } finally {
      // Released whatever happened: a failed wait must not leave the app's close blocked behind the lock.
      await locker.query('ROLLBACK');
      await locker.end();
    }
    expect((await inFlight).status).toBe(200);
    await closing;
  });

  it('lets the subscribers of a committed change finish before the database closes', async () => {
    t = await startTestApp();
    const app = t;
    let answered: number | undefined;
    app.app.services.events.subscribe('message.created', async () => {
      await sleep(300);
      answered = (await sql<{ one: number }>`SELECT 1 AS one`.execute(app.db)).rows[0]?.one;
    });
    app.app.services.events.publish('message.created', {
      conversationId: randomUUID(),
      messageId: randomUUID(),
      seq: 1,
      senderId: null,
      senderRole: null,
      dossierId: null,
      at: new Date(),
    });
    await shutDown(app.app, { drainMs: 0, timeoutMs: 5000 });
    expect(answered).toBe(1);
  });
});
