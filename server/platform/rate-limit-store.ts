import { createRequire } from 'node:module';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import { failFastRedis, RateLimitedLog } from './cache.ts';

type Count = { current: number; ttl: number };
type Callback = (error: Error | null, result?: Count) => void;
type Store = FastifyRateLimitStore & {
  read?(key: string, callback: Callback, timeWindow: number, max: number): void;
};
type RouteOptions = Parameters<FastifyRateLimitStore['child']>[0] & {
  continueExceeding?: boolean;
  exponentialBackoff?: boolean;
};

// The plugin's own stores (its Redis store's Lua script counts atomically); the package lists no exports map.
const require = createRequire(import.meta.url);
const LocalStore = require('@fastify/rate-limit/store/LocalStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  cache?: number,
) => Store;
const RedisStore = require('@fastify/rate-limit/store/RedisStore.js') as new (
  continueExceeding: boolean,
  exponentialBackoff: boolean,
  redis: Redis,
  key: string,
) => Store;

/**
 * Counts in Redis, shared by every instance; while Redis is unreachable (or a command fails) each process counts on
 * its own instead: a Redis outage loosens the limits to per process, it never lifts them nor fails a request.
 */
class SharedStore implements Store {
  private readonly shared: Store;
  private readonly local: Store;
  private readonly redis: Redis;
  private readonly failures: RateLimitedLog;
  constructor(shared: Store, local: Store, redis: Redis, failures: RateLimitedLog) {
    this.shared = shared;
    this.local = local;
    this.redis = redis;
    this.failures = failures;
  }

  incr(key: string, callback: Callback, timeWindow: number, max: number): void {
    this.run('incr', key, callback, timeWindow, max);
  }

  read(key: string, callback: Callback, timeWindow: number, max: number): void {
    this.run('read', key, callback, timeWindow, max);
  }

  private run(method: 'incr' | 'read', key: string, callback: Callback, timeWindow: number, max: number) {
    const local = () => this.local[method]?.(key, callback, timeWindow, max);
    if (this.redis.status !== 'ready') return local();
    this.shared[method]?.(
      key,
      (error, result) => {
        if (!error) return callback(null, result);
        this.failures.report(error, 'redis rate limit (counting in this process meanwhile)');
        local();
      },
      timeWindow,
      max,
    );
  }

  child(routeOptions: RouteOptions): Store {
    return new SharedStore(
      this.shared.child(routeOptions),
      this.local.child(routeOptions),
      this.redis,
      this.failures,
    );
  }
}

/**
 * The rate-limit store: shared through Redis when `redisUrl` is set (keys under `<prefix>:rate-limit:`), per process
 * otherwise. `close` ends the Redis connection.
 */
export function rateLimitStore(options: {
  redisUrl: string | undefined;
  prefix: string;
  log: (error: unknown, context: string) => void;
}): { store: FastifyRateLimitStoreCtor | undefined; close: () => Promise<void> } {
  const { redisUrl } = options;
  if (!redisUrl) return { store: undefined, close: async () => {} };
  const redis = failFastRedis(redisUrl, 300);
  const failures = new RateLimitedLog(options.log);
  redis.on('error', (error) => failures.report(error, 'redis rate limit connection'));
  // The plugin builds its store with `new`, then one child per route.
  const store = class extends SharedStore {
    constructor() {
      super(
        new RedisStore(false, false, redis, `${options.prefix}:rate-limit:`),
        new LocalStore(false, false),
        redis,
        failures,
      );
    }
  };
  return { store, close: async () => void redis.disconnect() };
}
