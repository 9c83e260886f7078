import { Redis } from 'ioredis';

/**
 * A small shared cache. Values are JSON. `version(ns)`/`bump(ns)` give a namespace counter to put in keys: bumping
 * it makes every key built from the old version unreachable at once (they then expire), which is how a write
 * invalidates a family of entries (all facet counts) without listing them. No method throws: a cache that cannot
 * answer is a miss, and a write after a commit can invalidate without a try/catch.
 */
export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  delete(...keys: string[]): Promise<void>;
  version(namespace: string): Promise<number>;
  bump(namespace: string): Promise<number>;
  close(): Promise<void>;
}

/** In-process LRU with per-entry expiry: the default for one server. */
export class MemoryCache implements Cache {
  private readonly entries = new Map<string, { value: string; expiresAt: number }>();
  private readonly versions = new Map<string, number>();
  private readonly maxEntries: number;
  private readonly now: () => number;
  constructor(options: { maxEntries?: number; now?: () => number } = {}) {
    this.maxEntries = options.maxEntries ?? 5000;
    this.now = options.now ?? Date.now;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry); // most recently used goes last
    return JSON.parse(entry.value) as T;
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    this.entries.delete(key);
    this.entries.set(key, { value: JSON.stringify(value), expiresAt: this.now() + ttlSeconds * 1000 });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  async delete(...keys: string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
  }

  async version(namespace: string): Promise<number> {
    return this.versions.get(namespace) ?? 0;
  }

  async bump(namespace: string): Promise<number> {
    const next = (this.versions.get(namespace) ?? 0) + 1;
    this.versions.set(namespace, next);
    return next;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
  }

  async close(): Promise<void> {
    this.clear();
  }
}

type CacheLog = (error: unknown, context: string) => void;

/** Logs the first failure, then at most one line per interval with the count of those it held back. */
export class RateLimitedLog {
  private lastAt = Number.NEGATIVE_INFINITY;
  private held = 0;
  private readonly log: CacheLog;
  private readonly intervalMs: number;
  private readonly now: () => number;
  constructor(log: CacheLog, options: { intervalMs?: number; now?: () => number } = {}) {
    this.log = log;
    this.intervalMs = options.intervalMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  report(error: unknown, context: string): void {
    const now = this.now();
    if (now - this.lastAt < this.intervalMs) {
      this.held++;
      return;
    }
    const held = this.held;
    this.lastAt = now;
    this.held = 0;
    this.log(error, held ? `${context} (${held} more failures since the last report)` : context);
  }
}

/**
 * A Redis client for optional work (cache, notices between instances): a command never waits for a down Redis.
 * Commands wait for the first connection only (its failure fails them); after that, while ioredis reconnects with
 * its back-off, they fail at once. A command is never retried: a lost connection fails what it carried at once.
 */
export function failFastRedis(url: string, commandTimeoutMs = 500): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 0, commandTimeout: commandTimeoutMs });
  const stopQueueing = () => {
    redis.options.enableOfflineQueue = false;
  };
  redis.once('ready', stopQueueing);
  redis.once('close', stopQueueing);
  return redis;
}

/** Invalidations a down Redis refused, replayed when it is back (kept up to this many keys). */
const MAX_PENDING_INVALIDATIONS = 10_000;

/**
 * Redis, shared by every server process: an invalidation by one is seen by all. Redis is an optimisation here, never
 * a dependency: a command that fails (Redis down, or slower than `commandTimeoutMs`) is logged (rate-limited) and
 * answers as a miss or a no-op, at once: a request never waits through the reconnection back-off. A delete or bump
 * it refused is replayed when the connection is ready again, so that a Redis that kept its data (a network cut) does
 * not serve what was invalidated meanwhile.
 */
export class RedisCache implements Cache {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly failures: RateLimitedLog;
  private readonly pendingDeletes = new Set<string>();
  private readonly pendingBumps = new Set<string>();
  constructor(url: string, options: { prefix?: string; log?: CacheLog; commandTimeoutMs?: number } = {}) {
    this.prefix = options.prefix ?? 'ft:cache:';
    this.failures = new RateLimitedLog(options.log ?? (() => {}));
    this.redis = failFastRedis(url, options.commandTimeoutMs);
    this.redis.on('error', (error) => this.failures.report(error, 'redis cache connection'));
    this.redis.on('ready', () => void this.replayInvalidations());
  }

  async get<T>(key: string): Promise<T | undefined> {
    const raw = await this.attempt('get', () => this.redis.get(this.prefix + key));
    return raw == null ? undefined : (JSON.parse(raw) as T);
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    const ttl = Math.max(1, Math.ceil(ttlSeconds));
    await this.attempt('set', () => this.redis.set(this.prefix + key, JSON.stringify(value), 'EX', ttl));
  }

  async delete(...keys: string[]): Promise<void> {
    if (!keys.length) return;
    const done = await this.attempt('delete', () => this.redis.del(...keys.map((k) => this.prefix + k)));
    if (done === undefined) this.remember(this.pendingDeletes, keys);
  }

  async version(namespace: string): Promise<number> {
    const raw = await this.attempt('version', () => this.redis.get(this.versionKey(namespace)));
    return raw == null ? 0 : Number(raw);
  }

  async bump(namespace: string): Promise<number> {
    const next = await this.attempt('bump', () => this.redis.incr(this.versionKey(namespace)));
    if (next === undefined) this.remember(this.pendingBumps, [namespace]);
    return next ?? 0;
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private versionKey(namespace: string): string {
    return `${this.prefix}v:${namespace}`;
  }

  /** The command's answer, or undefined when Redis failed it (logged). */
  private async attempt<T>(command: string, run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await run();
    } catch (error) {
      this.failures.report(error, `redis cache ${command}`);
      return undefined;
    }
  }

  private remember(pending: Set<string>, items: string[]): void {
    for (const item of items) if (pending.size < MAX_PENDING_INVALIDATIONS) pending.add(item);
  }

  private async replayInvalidations(): Promise<void> {
    const deletes = [...this.pendingDeletes];
    const bumps = [...this.pendingBumps];
    this.pendingDeletes.clear();
    this.pendingBumps.clear();
    if (deletes.length) await this.delete(...deletes);
    for (const namespace of bumps) await this.bump(namespace);
  }
}

export function createCache(
  redisUrl: string | undefined,
  options: { prefix: string; log?: CacheLog } = { prefix: 'ft' },
): Cache {
  return redisUrl
    ? new RedisCache(redisUrl, { prefix: `${options.prefix}:cache:`, log: options.log })
    : new MemoryCache();
}
