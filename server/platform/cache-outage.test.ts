import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, registerExpert, type Session } from '../../tests/support/factories.ts';
import { OwnRedis, redisServerInstalled } from '../../tests/support/redis-server.ts';
import { startTestApp, type TestApp } from '../../tests/support/test-app.ts';
import { douaneExpert } from '../modules/experts/experts.factories.ts';

/** What a visitor and an admin do that goes through the cache: each must answer 2xx. */
async function productWorks(t: TestApp, admin: Session, expert: Session) {
  const search = await t.request('GET', '/api/experts?q=douane&limit=5');
  expect(search.status, JSON.stringify(search.body)).toBe(200);
  expect(search.body.items.map((e: { id: string }) => e.id)).toContain(expert.user.id);
  const profile = await t.request('GET', `/api/experts/${expert.user.id}`);
  expect(profile.status, JSON.stringify(profile.body)).toBe(200);
  // Invalidates the profile and the search counts after its commit.
  const edit = await t.request('PATCH', '/api/experts/me', { token: expert.token, body: { city: 'Nantes' } });
  expect(edit.status, JSON.stringify(edit.body)).toBe(200);
  const pending = await registerExpert(t);
  const approval = await t.request('POST', `/api/admin/users/${pending.user.id}/approve`, {
    token: admin.token,
  });
  expect(approval.status, JSON.stringify(approval.body)).toBe(200);
  expect(approval.body.status).toBe('active');
}

async function withApp(redisUrl: string, prefix: string) {
  const t = await startTestApp({ redisUrl, redisPrefix: prefix });
  const admin = await createAdmin(t);
  const expert = await douaneExpert(t, admin);
  return { t, admin, expert };
}

describe.skipIf(!redisServerInstalled)('the cache when Redis stops', () => {
  const prefix = `ft-test-${randomUUID().slice(0, 8)}`;
  let redis: OwnRedis;
  let app: Awaited<ReturnType<typeof withApp>>;
  beforeAll(async () => {
    redis = await OwnRedis.start();
    app = await withApp(redis.url, prefix);
  });
  afterAll(async () => {
    await app?.t.close();
    await redis?.kill();
  });

  /** The keys this app wrote in its Redis. */
  async function cacheKeys(): Promise<string[]> {
    const client = new Redis(redis.url, { maxRetriesPerRequest: 0 });
    try {
      return await client.keys('*');
    } finally {
      client.disconnect();
    }
  }

  it('keeps its keys under REDIS_PREFIX', async () => {
    await productWorks(app.t, app.admin, app.expert);
    const keys = await cacheKeys();
    expect(keys.filter((k) => k.includes(':cache:')).length).toBeGreaterThan(0);
    expect(keys.filter((k) => k.includes(':cache:') && !k.startsWith(`${prefix}:cache:`))).toEqual([]);
  });

  it('serves searches, profiles, profile edits and approvals, promptly, while Redis is down', async () => {
    await redis.kill();
    const started = Date.now();
    await productWorks(app.t, app.admin, app.expert);
    await productWorks(app.t, app.admin, app.expert);
    // Without waiting for the reconnection back-off on each command (it reaches 2 s).
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('caches again once Redis is back', async () => {
    await redis.restart(); // empty: nothing persisted
    const deadline = Date.now() + 10_000;
    let keys: string[] = [];
    while (Date.now() < deadline) {
      await productWorks(app.t, app.admin, app.expert);
      keys = await cacheKeys();
      if (keys.some((k) => k.startsWith(`${prefix}:cache:experts:facets:`))) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(keys.some((k) => k.startsWith(`${prefix}:cache:experts:facets:`))).toBe(true);
  });
});

describe('the cache when REDIS_URL points at a closed port from the start', () => {
  let app: Awaited<ReturnType<typeof withApp>>;
  beforeAll(async () => {
    app = await withApp(await OwnRedis.closedUrl(), `ft-test-${randomUUID().slice(0, 8)}`);
  });
  afterAll(async () => {
    await app?.t.close();
  });

  it('serves searches, profiles, profile edits and approvals', async () => {
    await productWorks(app.t, app.admin, app.expert);
  });
});
