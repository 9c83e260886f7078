/**
 * Behind a transaction-mode pooler (Debian's PgBouncer 1.18: no protocol-level prepared statements, no timeouts at
 * connect), as a fleet reaches its database: the hot queries that run as named statements on a direct connection
 * run unnamed, and what needs a session goes direct.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDossier, login, PASSWORD, registerClient } from '../../tests/support/factories.ts';
import { OwnPgBouncer, pgbouncerInstalled } from '../../tests/support/pgbouncer.ts';
import { freshDatabase, startTestApp, type TestApp } from '../../tests/support/test-app.ts';
import { loadConfig } from '../config.ts';
import { dossierWithExpert } from '../modules/messaging/messaging.factories.ts';
import { openDatabase } from './database.ts';
import { prepared } from './pool.ts';

const databaseOf = (url: string) => new URL(url).pathname.slice(1);

describe.skipIf(!pgbouncerInstalled)('behind a transaction-mode pooler', () => {
  let bouncer: OwnPgBouncer;
  let t: TestApp;
  beforeAll(async () => {
    // Two server connections for the app's five: each transaction may land on either.
    bouncer = await OwnPgBouncer.start(inject('serverUrl'), { poolSize: 2 });
    t = await startTestApp({}, { viaPooler: (url) => bouncer.url(databaseOf(url)) });
  });
  afterAll(async () => {
    await t?.close();
    await bouncer?.stop();
  });

  it('signs in and authenticates concurrent requests (the account lookup is a hot prepared query)', async () => {
    const registered = await registerClient(t);
    const session = await login(t, registered.user.email, PASSWORD);
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => t.request('GET', '/api/me', { token: session.token })),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
  });

  it('pages a conversation’s history, whose queries are compiled once and run by their fixed text', async () => {
    const cast = await dossierWithExpert(t);
    for (let i = 0; i < 5; i++) {
      const sent = await t.request('POST', `/api/conversations/${cast.conversationId}/messages`, {
        token: cast.client.token,
        body: { body: `message ${i}`, clientKey: `pooler-${i}` },
      });
      expect(sent.status).toBe(201);
    }
    const pages = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.request('GET', `/api/conversations/${cast.conversationId}/messages?limit=2&afterSeq=${i % 3}`, {
          token: cast.expert.token,
        }),
      ),
    );
    expect(pages.map((p) => p.status)).toEqual(pages.map(() => 200));
    expect(pages[0]!.body.items).toHaveLength(2);
  });

  it('ranks recommended experts for a dossier', async () => {
    const client = await registerClient(t);
    const dossier = await createDossier(t, client);
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        t.request('GET', `/api/experts/recommended?dossierId=${dossier.id}`, { token: client.token }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
  });

  describe('opened from DATABASE_URL and DATABASE_DIRECT_URL', () => {
    let fresh: Awaited<ReturnType<typeof freshDatabase>>;
    let database: Awaited<ReturnType<typeof openDatabase>>;
    beforeAll(async () => {
      fresh = await freshDatabase();
      const config = loadConfig({
        NODE_ENV: 'test',
        JWT_SECRET: randomBytes(32).toString('hex'),
        DATABASE_URL: bouncer.url(databaseOf(fresh.url)),
        DATABASE_DIRECT_URL: fresh.url,
        DATABASE_STATEMENT_TIMEOUT_MS: '12345',
      });
      database = await openDatabase(config);
    });
    afterAll(async () => {
      await database?.close();
      await fresh?.drop();
    });

    it('gives sessions the direct URL', () => {
      expect(database.sessionUrl).toBe(fresh.url);
    });

    it('puts the timeouts on the role, which connections through the pooler start with', async () => {
      const { rows } = await sql<{ statementTimeout: string }>`SHOW statement_timeout`.execute(database.db);
      expect(rows[0]?.statementTimeout).toBe('12345ms');
    });

    it('runs marked statements unnamed: none is left prepared on the server connections', async () => {
      const square = (n: number) => prepared(sql<{ square: number }>`SELECT ${n}::int * ${n}::int AS square`);
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => square(i).execute(database.db)));
      expect(results.map((r) => r.rows[0]?.square)).toEqual(results.map((_, i) => i * i));
      const named = await Promise.all(
        Array.from({ length: 6 }, () =>
          sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_prepared_statements`.execute(database.db),
        ),
      );
      expect(named.map((r) => r.rows[0]?.n)).toEqual(named.map(() => 0));
    });
  });
});
