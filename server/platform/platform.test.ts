import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { errorBody } from '../../common/errors.ts';
import { appWithAdmin } from '../../tests/support/factories.ts';
import { loadConfig } from '../config.ts';
import { poolSize } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { prepared, preparedQuery } from '../db/pool.ts';

const { t, admin } = appWithAdmin();

describe('GET /api/health', () => {
  it('reports the database reachable and migrations current', async () => {
    const res = await t.request('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', database: 'ok', migrations: 'current' });
  });

  it('tags every response with a request id', async () => {
    const res = await t.request('GET', '/api/health');
    expect(res.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
  });
});

describe('migrate', () => {
  it('applies nothing when run again', async () => {
    expect(await migrate(t.databaseUrl)).toEqual([]);
  });
});

describe('GET /metrics', () => {
  it('counts the requests per route and status', async () => {
    await t.request('GET', '/api/products');
    const res = await t.request('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/http_requests_total\{method="GET",route="\/api\/products",status="200"\} \d+/);
  });

  it('times the requests per route and status', async () => {
    await t.request('GET', '/api/products');
    const res = await t.request('GET', '/metrics');
    expect(res.body).toMatch(
      /http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/api\/products",status="200"\}/,
    );
  });
});

describe('GET /api/openapi.json', () => {
  it('lists the routes', async () => {
    const res = await t.request('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/auth/register', '/api/dossiers/{id}/transitions', '/api/admin/users']),
    );
  });

  it('describes the bodies from the route schemas', async () => {
    const res = await t.request('GET', '/api/openapi.json');
    expect(
      res.body.paths['/api/auth/login'].post.requestBody.content['application/json'].schema.required,
    ).toEqual(['email', 'password']);
  });

  it('comes with its UI at /api/docs/', async () => {
    expect((await t.request('GET', '/api/docs/')).status).toBe(200);
  });
});

describe('bad input never crashes', () => {
  it('answers every route’s malformed params and bodies with a 4xx in the error shape', async () => {
    const spec = (await t.request('GET', '/api/openapi.json')).body as {
      paths: Record<string, Record<string, { parameters?: unknown[]; requestBody?: unknown }>>;
    };
    let checked = 0;
    for (const [route, methods] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        if (!operation.parameters?.length && !operation.requestBody) continue;
        const url = route.replace(/\{[^}]+\}/g, 'not-a-uuid');
        const attempts = [
          { body: { unexpected: [1, 2, 3], email: 42, to: 'nowhere' } },
          { body: 'not json at all', raw: true },
        ];
        for (const attempt of attempts) {
          const res = await fetch(`${t.baseUrl}${url}?limit=abc&status=zzz`, {
            method: method.toUpperCase(),
            headers: {
              authorization: `Bearer ${admin.token}`,
              ...(method === 'get' ? {} : { 'content-type': 'application/json' }),
            },
            body:
              method === 'get'
                ? undefined
                : attempt.raw
                  ? String(attempt.body)
                  : JSON.stringify(attempt.body),
          });
          const text = await res.text();
          expect(res.status, `${method} ${route}: ${text}`).toBeGreaterThanOrEqual(400);
          expect(res.status, `${method} ${route}: ${text}`).toBeLessThan(500);
          expect(errorBody.safeParse(JSON.parse(text)).success, `${method} ${route}: ${text}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('answers an oversized body with 413', async () => {
    const big = await fetch(`${t.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@b.fr', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as any).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers an unsupported content type with 415', async () => {
    const xml = await fetch(`${t.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: '<a/>',
    });
    expect(xml.status).toBe(415);
    expect(((await xml.json()) as any).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers unknown API routes with a 404 in the error shape', async () => {
    const res = await t.request('GET', '/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});

describe('loadConfig', () => {
  it('refuses to start in production without a JWT secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
  });

  it('does not seed the demo in production', () => {
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).seedDemo).toBe(false);
  });

  it('names an invalid value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });

  it('explains what a valid JWT secret is', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/32 characters/);
  });

  it('has safe local defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ env: 'development', port: 3000, seedDemo: true, databaseUrl: undefined });
    expect(path.isAbsolute(config.dataDir)).toBe(true);
  });

  it('refuses an empty database pool', () => {
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
  });
});

describe('poolSize', () => {
  it('gives the embedded server one connection per core, plus one', () => {
    expect(poolSize(loadConfig({}), true)).toBe(os.availableParallelism() + 1);
  });

  it('gives an external server 10 connections', () => {
    expect(poolSize(loadConfig({}), false)).toBe(10);
  });

  it('follows DATABASE_POOL_SIZE when set', () => {
    expect(poolSize(loadConfig({ DATABASE_POOL_SIZE: '4' }), true)).toBe(4);
  });
});

describe('prepared statements', () => {
  it('runs a marked query as a named statement, parsed once per connection, with its parameters', async () => {
    await t.db.connection().execute(async (conn) => {
      const square = (n: number) => prepared(sql<{ square: number }>`SELECT ${n}::int * ${n}::int AS square`);
      expect((await square(3).execute(conn)).rows).toEqual([{ square: 9 }]);
      expect((await square(12).execute(conn)).rows).toEqual([{ square: 144 }]);
      const statements = await sql<{ name: string; statement: string }>`
        SELECT name, statement FROM pg_prepared_statements`.execute(conn);
      const named = statements.rows.filter((s) => s.statement.includes('AS square'));
      expect(named).toHaveLength(1);
      expect(named[0]?.name).toMatch(/^q_[0-9a-f]{24}$/);
    });
  });

  it('builds and compiles a query once, then runs it with each call’s values', async () => {
    let builds = 0;
    const compute = preparedQuery((db, p: { a: number; b: number; label: string }) => {
      builds++;
      return db.selectNoFrom([
        sql<number>`${p.a}::int + ${p.b}::int`.as('total'),
        sql<string>`${p.label}::text || ${'!'}::text`.as('shout'),
        sql<number>`${p.a}::int * 2`.as('twice'),
      ]);
    });
    await t.db.connection().execute(async (conn) => {
      expect(await compute(conn, { a: 1, b: 2, label: 'un' })).toEqual([
        { total: 3, shout: 'un!', twice: 2 },
      ]);
      expect(await compute(conn, { a: 10, b: 20, label: 'dix' })).toEqual([
        { total: 30, shout: 'dix!', twice: 20 },
      ]);
      const statements = await sql<{
        statement: string;
      }>`SELECT statement FROM pg_prepared_statements`.execute(conn);
      expect(statements.rows.filter((s) => s.statement.includes('as "shout"'))).toHaveLength(1);
    });
    expect(builds).toBe(1);
  });

  it('takes a list as one array value, whatever its length', async () => {
    const lengths = preparedQuery((db, p: { words: readonly string[] }) =>
      db.selectNoFrom(sql<number>`cardinality(${p.words}::text[])`.as('count')),
    );
    await t.db.connection().execute(async (conn) => {
      expect(await lengths(conn, { words: ['un', 'deux'] })).toEqual([{ count: 2 }]);
      expect(await lengths(conn, { words: ['un', 'deux', 'trois', 'quatre'] })).toEqual([{ count: 4 }]);
      const statements = await sql<{
        statement: string;
      }>`SELECT statement FROM pg_prepared_statements`.execute(conn);
      expect(statements.rows.filter((s) => s.statement.includes('cardinality'))).toHaveLength(1);
    });
  });
});
