import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { redisAnswers, TEST_REDIS_URL } from '../../tests/support/redis.ts';
import { type Cache, MemoryCache, RedisCache } from './cache.ts';

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
    const cache = new RedisCache(TEST_REDIS_URL, prefix);
    opened.push(cache);
    return cache;
  };
  afterAll(async () => {
    await Promise.all(opened.map((c) => c.close()));
  });

  behaves(() => new RedisCache(TEST_REDIS_URL, `${prefix}b:`));

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
