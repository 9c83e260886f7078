import { Redis } from 'ioredis';
import { sql } from 'kysely';
import type { UserStatus } from '../../common/users.ts';
import { prepared } from '../db/pool.ts';
import type { Actor } from './actor.ts';
import { failFastRedis, MemoryCache, RateLimitedLog } from './cache.ts';
import { type Platform, Service } from './service.ts';

/** What the auth guard needs of the account behind a token: who acts, and whether they may. */
export type Account = Actor & { status: UserStatus };

export type AccountDirectoryDeps = Pick<Platform, 'db' | 'clock'> & {
  redisUrl?: string;
  redisPrefix?: string;
  ttlSeconds?: number;
  maxEntries?: number;
  log?: (error: unknown, context: string) => void;
};

type DepsWithDefaults = AccountDirectoryDeps & Required<Pick<AccountDirectoryDeps, 'ttlSeconds' | 'log'>>;

/**
 * The accounts behind access tokens, remembered so that a signed-in request needs no database read to know who
 * calls. Role and company are set at sign-up; the status is the one thing that changes, always through
 * `changed(id)` once its transaction has committed: the account is forgotten here at once and, with Redis, on every
 * other instance (a message on a channel). Without Redis there is one instance, so forgetting here is enough.
 *
 * Remembered accounts are only trusted while the channel is subscribed (a lost connection forgets everything and
 * reads the database until it is back), and for `ttlSeconds` at most, which bounds how long a change made outside the
 * application (SQL by hand) or a lost message can go unseen.
 */
export class AccountDirectory extends Service<DepsWithDefaults> {
  private readonly entries: MemoryCache;
  /** Bumped by every forget: a read that started before one must not store what it read. */
  private generation = 0;
  private readonly redis: { pub: Redis; sub: Redis; channel: string; subscribed: boolean } | undefined;
  constructor(deps: AccountDirectoryDeps) {
    super({ ...deps, ttlSeconds: deps.ttlSeconds ?? 30, log: deps.log ?? (() => {}) });
    this.entries = new MemoryCache({
      maxEntries: deps.maxEntries ?? 10_000,
      now: () => deps.clock.now().getTime(),
    });
    if (deps.redisUrl) {
      // A down Redis fails the publish at once: `changed` never holds a committed request.
      const pub = failFastRedis(deps.redisUrl);
      // Subscribed again on every 'ready' below, and only then trusted.
      const sub = new Redis(deps.redisUrl, { autoResubscribe: false });
      const redis = { pub, sub, channel: `${deps.redisPrefix ?? 'ft'}:accounts:changed`, subscribed: false };
      this.redis = redis;
      const failures = new RateLimitedLog(this.deps.log);
      for (const client of [pub, sub])
        client.on('error', (error) => failures.report(error, 'redis accounts'));
      sub.on('message', (_channel, id: string) => this.forget(id));
      sub.on('ready', () => {
        sub.subscribe(redis.channel).then(
          () => {
            redis.subscribed = true;
          },
          (error) => this.deps.log(error, 'redis accounts subscribe'),
        );
      });
      sub.on('close', () => {
        redis.subscribed = false;
        this.forgetAll();
      });
    }
  }

  /** The account with this id (undefined when there is none), from memory when it can be trusted. */
  async find(id: string): Promise<Account | undefined> {
    const generation = this.generation;
    const trusted = this.trusted();
    const remembered = trusted ? await this.entries.get<Account>(id) : undefined;
    if (remembered) return remembered;
    const [account] = (
      await prepared(
        sql<Account>`SELECT id, role, status, company_id FROM users WHERE id = ${id}::uuid`,
      ).execute(this.deps.db)
    ).rows;
    if (account && trusted && this.trusted() && generation === this.generation) {
      await this.entries.set(id, account, this.deps.ttlSeconds);
    }
    return account;
  }

  /** To call once a change of the account has committed: every instance reads it afresh on its next request. */
  async changed(id: string): Promise<void> {
    this.forget(id);
    if (!this.redis) return;
    await this.redis.pub.publish(this.redis.channel, id).catch((error) => {
      // Committed already: the other instances see the change when their copy expires (ttlSeconds).
      this.deps.log(error, 'redis accounts publish');
    });
  }

  async close(): Promise<void> {
    this.forgetAll();
    if (!this.redis) return;
    this.redis.sub.disconnect();
    await this.redis.pub.quit().catch(() => this.redis?.pub.disconnect());
  }

  private trusted(): boolean {
    return !this.redis || this.redis.subscribed;
  }

  private forget(id: string): void {
    this.generation++;
    void this.entries.delete(id);
  }

  private forgetAll(): void {
    this.generation++;
    this.entries.clear();
  }
}
