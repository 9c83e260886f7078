import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAnswers, TEST_REDIS_URL } from '../../tests/support/redis.ts';
import { OwnRedis, redisServerInstalled } from '../../tests/support/redis-server.ts';
import { type Cache, MemoryCache, RateLimitedLog, RedisCache } from './cache.ts';

const redisUp = await redisAnswers();

/** What every cache must do, in-process or shared. */
function behaves(make: () => Cache) {
  it('stores JSON values, deletes them, and versions namespaces', async () => {
    const cache = make();
    expect(await cache.get('a')).toBeUndefined();
    await cache.set('a', { n: 1, list: ['x'] }, 60);
    expect(await cache.get('a')).toEqual({ n: 1, list: ['x'] });
    await cache.delete('a', 'missing');
    expect(await cache.get('a')).toBeUndefined();

    const before = await cache.version('ns');
    expect(await cache.bump('ns')).toBe(before + 1);
    expect(await cache.version('ns')).toBe(before + 1);
    await cache.close();
  });
}

describe('in-process cache', () => {
  behaves(() => new MemoryCache());

  it('expires entries and evicts the least recently used', async () => {
    let now = 0;
    const cache = new MemoryCache({ maxEntries: 2, now: () => now });
    await cache.set('a', 1, 10);
    await cache.set('b', 2, 10);
    expect(await cache.get('a')).toBe(1); // a is now the most recently used
    await cache.set('c', 3, 10);
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toBe(1);
    expect(cache.size).toBe(2);
    now = 10_000;
    expect(await cache.get('a')).toBeUndefined();
  });
});

describe.skipIf(!redisUp)('Redis cache', () => {
  const prefix = `ft:test:${randomUUID()}:`;
  const opened: Cache[] = [];
  const open = () => {
    const cache = new RedisCache(TEST_REDIS_URL, { prefix });
    opened.push(cache);
    return cache;
  };
  afterAll(async () => {
    await Promise.all(opened.map((c) => c.close()));
  });

  behaves(() => new RedisCache(TEST_REDIS_URL, { prefix: `${prefix}b:` }));

  it('an invalidation by one server is seen by the others', async () => {
    const a = open();
    const b = open();
    await a.set('profile', { city: 'Lyon' }, 60);
    expect(await b.get('profile')).toEqual({ city: 'Lyon' });
    await b.delete('profile');
    expect(await a.get('profile')).toBeUndefined();
    const v = await a.version('search');
    await b.bump('search');
    expect(await a.version('search')).toBe(v + 1);
  });
});

describe('rate-limited failure log', () => {
  it('reports the first failure, then one line per interval counting the others', () => {
    let now = 0;
    const lines: string[] = [];
    const log = new RateLimitedLog((_error, context) => lines.push(context), {
      intervalMs: 1000,
      now: () => now,
    });
    for (let i = 0; i < 5; i++) log.report(new Error('down'), 'redis cache get');
    expect(lines).toEqual(['redis cache get']);
    now = 1000;
    log.report(new Error('down'), 'redis cache set');
    expect(lines).toEqual(['redis cache get', 'redis cache set (4 more failures since the last report)']);
  });
});

describe('Redis cache on a closed port', () => {
  it('answers every command at once as a miss or a no-op, and logs the failures', async () => {
    const logged: string[] = [];
    const cache = new RedisCache(await OwnRedis.closedUrl(), { log: (_e, context) => logged.push(context) });
    await new Promise((resolve) => setTimeout(resolve, 100)); // the first connection attempt fails
    const started = performance.now();
    for (let i = 0; i < 20; i++) {
      expect(await cache.get('a')).toBeUndefined();
      await cache.set('a', 1, 60);
      await cache.delete('a');
      expect(await cache.version('ns')).toBe(0);
      await cache.bump('ns');
    }
    expect(performance.now() - started).toBeLessThan(200);
    expect(logged.length).toBe(1);
    await cache.close();
  });
});

describe.skipIf(!redisServerInstalled)('Redis cache across a lost connection', () => {
  let redis: OwnRedis;
  beforeAll(async () => {
    redis = await OwnRedis.start();
  });
  afterAll(async () => {
    await redis?.kill();
  });

  it('replays the invalidations Redis missed once the connection is back', async () => {
    const cache = new RedisCache(redis.url);
    const other = new Redis(redis.url);
    await cache.set('profile', { city: 'Lyon' }, 60);
    const version = await cache.version('search');
    // Cut every connection but this one's: Redis keeps its data, the cache misses the next commands.
    await other.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
    await cache.delete('profile');
    await cache.bump('search');
    await expect.poll(() => other.get('ft:cache:profile'), { timeout: 5000 }).toBeNull();
    await expect.poll(() => other.get('ft:cache:v:search'), { timeout: 5000 }).toBe(String(version + 1));
    other.disconnect();
    await cache.close();
  });
});
