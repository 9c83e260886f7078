import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import webpush from 'web-push';
import { registerClient, type Session } from '../../../tests/support/factories.ts';
import { appWith, startTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { buildApp } from '../../app.ts';
import { type Config, loadConfig } from '../../config.ts';
import { createDb } from '../../db/pool.ts';
import { PushKeys } from './push.keys.ts';

const storedPairs = (t: TestApp) =>
  t.db.selectFrom('appSecrets').select('value').where('name', '=', 'vapid').execute();

const publicKeyOf = async (baseUrl: string, session: Session) => {
  const res = await fetch(`${baseUrl}/api/push/config`, {
    headers: { authorization: `Bearer ${session.token}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { publicKey: string }).publicKey;
};

describe('a pair made at first start', () => {
  const { t, cast } = appWith(async (t) => ({ client: await registerClient(t) }), {
    // One secret for a second instance: a token signed by one is accepted by the other.
    overrides: { jwtSecret: 'a'.repeat(64) },
  });

  it('is kept in the database and served to browsers', async () => {
    const pairs = await storedPairs(t);
    expect(pairs).toHaveLength(1);
    const stored = pairs[0]!.value as { publicKey: string; privateKey: string };
    expect(await publicKeyOf(t.baseUrl, cast.client)).toBe(stored.publicKey);
  });

  it('is the pair of another instance started on the same database (or of this one restarted)', async () => {
    const { db, pool } = createDb(t.databaseUrl, 2);
    const config: Config = {
      ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
      jwtSecret: 'a'.repeat(64),
    };
    const other = await buildApp({
      config,
      db,
      pool,
      sessionDatabaseUrl: t.databaseUrl,
      clock: t.clock,
      clientDir: null,
    });
    try {
      await other.listen({ host: '127.0.0.1', port: 0 });
      const otherUrl = `http://127.0.0.1:${(other.server.address() as AddressInfo).port}`;
      expect(await publicKeyOf(otherUrl, cast.client)).toBe(await publicKeyOf(t.baseUrl, cast.client));
      expect(await storedPairs(t)).toHaveLength(1);
    } finally {
      await other.close();
      await db.destroy();
    }
  });

  it('is one pair for two instances making it at the same time', async () => {
    await t.db.deleteFrom('appSecrets').where('name', '=', 'vapid').execute();
    const [first, second] = await Promise.all(
      [1, 2].map(() => new PushKeys({ db: t.db, clock: t.clock, configured: undefined }).get()),
    );
    expect(second).toEqual(first);
    const pairs = await storedPairs(t);
    expect(pairs.map((pair) => pair.value)).toEqual([first]);
  });
});

describe('a pair from the environment', () => {
  const apps: TestApp[] = [];
  afterAll(() => Promise.all(apps.map((app) => app.close())));
  const started = async (vapid: Config['vapid']) => {
    const t = await startTestApp({ vapid });
    apps.push(t);
    return { t, client: await registerClient(t) };
  };

  it('is served to browsers, and no pair is made', async () => {
    const configured = webpush.generateVAPIDKeys();
    const { t, client } = await started(configured);
    expect(await publicKeyOf(t.baseUrl, client)).toBe(configured.publicKey);
    expect(await storedPairs(t)).toEqual([]);
  });

  it('that does not match makes push unavailable (503 PUSH_UNAVAILABLE), the rest of the app working', async () => {
    const vapid = {
      publicKey: webpush.generateVAPIDKeys().publicKey,
      privateKey: webpush.generateVAPIDKeys().privateKey,
    };
    const { t, client } = await started(vapid);
    const res = await t.request('GET', '/api/push/config', { token: client.token });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('PUSH_UNAVAILABLE');
  });
});
