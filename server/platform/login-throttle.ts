import type { Redis } from 'ioredis';
import { failFastRedis, RateLimitedLog } from './cache.ts';

/**
 * The back-off of password attempts per e-mail, whether or not the account exists (so it gives no hint):
 * - every attempt counts when it starts (parallel attempts cannot slip in before the first failure is recorded);
 *   the right password forgets them all;
 * - the first FREE_ATTEMPTS are free; each further one blocks the next attempts for 1 s, 2 s, 4 s… capped at
 *   MAX_BLOCK_MS (15 min); an attempt refused while blocked is not counted, so it never extends the block;
 * - the count halves every HALF_LIFE_MS (15 min) without attempts, so old failures fade out and the block shrinks:
 *   once a block has passed, the right password always gets in.
 * With Redis the counts are shared by every instance (a Lua script applies the same rule atomically); while Redis is
 * unreachable each process counts on its own.
 */
export const FREE_ATTEMPTS = 5;
export const HALF_LIFE_MS = 15 * 60_000;
export const MAX_BLOCK_MS = 15 * 60_000;
const FIRST_BLOCK_MS = 1000;

type State = { count: number; at: number; blockedUntil: number };

/** One attempt on `state` at `now`: the state after it, and how long the caller must wait (0: it may proceed). */
export function attemptAt(state: State | undefined, now: number): { state: State; waitMs: number } {
  if (state && now < state.blockedUntil) return { state, waitMs: state.blockedUntil - now };
  const count = (state ? state.count * 0.5 ** (Math.max(0, now - state.at) / HALF_LIFE_MS) : 0) + 1;
  const over = Math.ceil(count - FREE_ATTEMPTS);
  const blockedUntil = over > 0 ? now + Math.min(FIRST_BLOCK_MS * 2 ** (over - 1), MAX_BLOCK_MS) : 0;
  return { state: { count, at: now, blockedUntil }, waitMs: 0 };
}

// attemptAt, in Lua. KEYS[1]; ARGV: now, half-life, free attempts, first block, max block. Returns the wait in ms.
// The entry expires once its block has passed and its count has halved below one attempt.
const attemptScript = `
local s = redis.call('HMGET', KEYS[1], 'count', 'at', 'until')
local now = tonumber(ARGV[1])
local blockedUntil = tonumber(s[3]) or 0
if now < blockedUntil then return blockedUntil - now end
local count = 1
if s[1] then count = tonumber(s[1]) * 0.5 ^ (math.max(0, now - tonumber(s[2])) / tonumber(ARGV[2])) + 1 end
local over = math.ceil(count - tonumber(ARGV[3]))
blockedUntil = 0
if over > 0 then blockedUntil = now + math.min(tonumber(ARGV[4]) * 2 ^ (over - 1), tonumber(ARGV[5])) end
redis.call('HSET', KEYS[1], 'count', tostring(count), 'at', tostring(now), 'until', tostring(blockedUntil))
local keep = math.max(0, blockedUntil - now) + tonumber(ARGV[2]) * math.ceil(math.log(count) / math.log(2) + 1)
redis.call('PEXPIRE', KEYS[1], math.floor(keep))
return 0`;

type ThrottleRedis = Redis & {
  loginAttempt(key: string, ...args: number[]): Promise<number>;
};

export class LoginThrottle {
  private readonly local = new Map<string, State>();
  private readonly maxLocalEntries: number;
  private readonly redis: ThrottleRedis | undefined;
  private readonly prefix: string;
  private readonly failures: RateLimitedLog;
  constructor(
    options: {
      redisUrl?: string;
      prefix?: string;
      log?: (error: unknown, context: string) => void;
      maxLocalEntries?: number;
    } = {},
  ) {
    this.maxLocalEntries = options.maxLocalEntries ?? 100_000;
    this.prefix = `${options.prefix ?? 'ft'}:login-throttle:`;
    this.failures = new RateLimitedLog(options.log ?? (() => {}));
    if (options.redisUrl) {
      const redis = failFastRedis(options.redisUrl, 300) as ThrottleRedis;
      redis.defineCommand('loginAttempt', { numberOfKeys: 1, lua: attemptScript });
      redis.on('error', (error) => this.failures.report(error, 'redis login throttle connection'));
      this.redis = redis;
    }
  }

  /** Counts an attempt on `key` unless it is blocked: the milliseconds to wait, 0 when the attempt may proceed. */
  async attempt(key: string, now: number): Promise<number> {
    if (this.redis?.status === 'ready') {
      try {
        return Number(
          await this.redis.loginAttempt(
            this.prefix + key,
            now,
            HALF_LIFE_MS,
            FREE_ATTEMPTS,
            FIRST_BLOCK_MS,
            MAX_BLOCK_MS,
          ),
        );
      } catch (error) {
        this.failures.report(error, 'redis login throttle (counting in this process meanwhile)');
      }
    }
    const { state, waitMs } = attemptAt(this.local.get(key), now);
    this.local.delete(key);
    this.local.set(key, state);
    // The oldest entries go first when too many e-mails are being tried.
    while (this.local.size > this.maxLocalEntries)
      this.local.delete(this.local.keys().next().value as string);
    return waitMs;
  }

  /** The right password: the attempts on `key` are forgotten. */
  async succeeded(key: string): Promise<void> {
    this.local.delete(key);
    if (this.redis?.status === 'ready') {
      await this.redis
        .del(this.prefix + key)
        .catch((error) => this.failures.report(error, 'redis login throttle'));
    }
  }

  async close(): Promise<void> {
    this.redis?.disconnect();
  }
}
