import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, inject } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { type Config, loadConfig } from '../../server/config.ts';
import { dbTimeouts } from '../../server/db/database.ts';
import { createDb, type Db } from '../../server/db/pool.ts';
import { ManualClock } from '../../server/platform/clock.ts';
import type { AppDeps } from '../../server/services.ts';
import { createDatabase, dropDatabase } from './databases.ts';
import { guardPool, type PoolGuard } from './pool-guard.ts';
import type {} from './provided.ts';

export type TestResponse<T = any> = { status: number; body: T; headers: Headers };

export type TestApp = {
  app: FastifyInstance;
  db: Db;
  clock: ManualClock;
  baseUrl: string;
  databaseUrl: string;
  /** Fails the test (at `close`, and at once in the offending flow) on a nested pool acquisition. */
  poolGuard: PoolGuard;
  request: <T = any>(
    method: string,
    path: string,
    options?: { body?: unknown; token?: string; cookie?: string; headers?: Record<string, string> },
  ) => Promise<TestResponse<T>>;
  close: () => Promise<void>;
};

/** A database of the test file's own, cloned from the run's template (global-setup.ts); `drop` removes it. */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const serverUrl = inject('serverUrl');
  const name = `ft_test_${randomUUID().replaceAll('-', '')}`;
  const url = await createDatabase(serverUrl, name, { template: inject('templateDatabase') });
  return { url, drop: () => dropDatabase(serverUrl, name) };
}

/**
 * A real app on a fresh database cloned from the migrated template (or on `databaseUrl`: a second instance sharing
 * the first one's), listening on a free port. Its pool (5 connections unless `databasePoolSize` says otherwise)
 * refuses a second connection to a flow that holds one. `notificationChannels` stand in for e-mail and push.
 * `viaPooler` gives, for the database's URL, the same database's through a transaction-mode pooler: the app's pool
 * goes through it, as a fleet's does, and its sessions (jobs, LISTEN) go direct.
 */
export async function startTestApp(
  overrides: Partial<Config> = {},
  options: {
    clientDir?: string;
    databaseUrl?: string;
    clock?: ManualClock;
    notificationChannels?: AppDeps['notificationChannels'];
    viaPooler?: (databaseUrl: string) => string;
  } = {},
): Promise<TestApp> {
  const fresh = options.databaseUrl ? null : await freshDatabase();
  const databaseUrl = options.databaseUrl ?? fresh!.url;
  const clock = options.clock ?? new ManualClock(new Date('2026-06-01T08:00:00Z'));
  const config: Config = {
    ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET: randomBytes(32).toString('hex') }),
    authRateLimitPerMinute: 1000,
    // Every test request comes from 127.0.0.1: the per-address limits are tested with their own low values.
    simulationRateLimitPerMinute: 10_000,
    searchRateLimitPerMinute: 10_000,
    registerRateLimitPerAddressPerHour: 10_000,
    registerRateLimitPerEmailPerHour: 10_000,
    // The tests' push services stand in for the real ones.
    pushServiceHosts: ['fcm.googleapis.com', 'example.test', '127.0.0.1'],
    ...overrides,
  };
  // Given its own data folder, an app keeps its files there too.
  if (overrides.dataDir && !overrides.storage)
    config.storage = { ...config.storage, dataDir: overrides.dataDir };
  const { db, pool } = options.viaPooler
    ? createDb(options.viaPooler(databaseUrl), config.databasePoolSize ?? 5, dbTimeouts(config), {
        preparedStatements: false,
        timeoutsAtConnect: false,
      })
    : createDb(databaseUrl, config.databasePoolSize ?? 5, dbTimeouts(config));
  const poolGuard = guardPool(pool);
  const app = await buildApp({
    config,
    db,
    pool,
    sessionDatabaseUrl: databaseUrl,
    clock,
    clientDir: options.clientDir ?? null,
    jobs: { pollingIntervalSeconds: 0.5 },
    notificationChannels: options.notificationChannels,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  return {
    app,
    db,
    clock,
    baseUrl,
    databaseUrl,
    poolGuard,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (options.cookie) headers.cookie = options.cookie;
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {}
      return { status: res.status, body, headers: res.headers } as TestResponse;
    },
    async close() {
      await app.close();
      await db.destroy();
      await fresh?.drop();
      poolGuard.assertNoNestedAcquisition();
    },
  };
}

/**
 * An object that stands for what `get` returns once it exists: a test file's top level can hold the app or a
 * session that its beforeAll makes later.
 */
export function forwardTo<T extends object>(get: () => T | undefined): T {
  const target = (): T => {
    const value = get();
    if (value === undefined) throw new Error('used before the beforeAll that makes it');
    return value;
  };
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(target(), key),
    // A method called through the proxy writes its object's state there (`this` is the proxy).
    set: (_, key, value) => Reflect.set(target(), key, value),
    has: (_, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}

/**
 * The app of a test file and what `setup` makes on it (the people its tests share), made before its tests (the app is
 * closed after them) and usable from its top level.
 */
export function appWith<T extends object>(
  setup: (t: TestApp) => Promise<T>,
  options: { overrides?: Partial<Config>; setupTimeoutMs?: number } = {},
): { t: TestApp; cast: T } {
  let t: TestApp | undefined;
  let cast: T | undefined;
  beforeAll(async () => {
    t = await startTestApp(options.overrides);
    cast = await setup(t);
  }, options.setupTimeoutMs);
  afterAll(() => t?.close());
  return { t: forwardTo(() => t), cast: forwardTo(() => cast) };
}

/** The app of a test file (or of a describe block) with these settings, started before its tests and closed after. */
export const startedApp = (overrides: Partial<Config> = {}): TestApp =>
  appWith(async () => ({}), { overrides }).t;
