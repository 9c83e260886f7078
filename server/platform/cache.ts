import { Redis } from 'ioredis';

/**
 * A small shared cache. Values are JSON. `version(ns)`/`bump(ns)` give a namespace counter to put in keys: bumping
 * it makes every key built from the old version unreachable at once (they then expire), which is how a write
 * invalidates a family of entries (all facet counts) without listing them.
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

/** Redis, shared by every server process: an invalidation by one is seen by all. */
export class RedisCache implements Cache {
  private readonly redis: Redis;
  private readonly prefix: string;
  constructor(url: string, prefix = 'ft:cache:') {
    this.redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
    this.redis.on('error', () => {
      // Reconnects by itself; a failed command surfaces to its caller.
    });
    this.prefix = prefix;
  }

  async get<T>(key: string): Promise<T | undefined> {
    const raw = await this.redis.get(this.prefix + key);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    await this.redis.set(this.prefix + key, JSON.stringify(value), 'EX', Math.max(1, Math.ceil(ttlSeconds)));
  }

  async delete(...keys: string[]): Promise<void> {
    if (keys.length) await this.redis.del(...keys.map((k) => this.prefix + k));
  }

  async version(namespace: string): Promise<number> {
    const raw = await this.redis.get(`${this.prefix}v:${namespace}`);
    return raw === null ? 0 : Number(raw);
  }

  async bump(namespace: string): Promise<number> {
    return this.redis.incr(`${this.prefix}v:${namespace}`);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

export function createCache(redisUrl: string | undefined): Cache {
  return redisUrl ? new RedisCache(redisUrl) : new MemoryCache();
}
