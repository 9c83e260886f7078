import { isDatabaseUnavailable } from './db-errors.ts';
import { isPeerTimeout } from './realtime.ts';

/**
 * How loud a failure of background work is logged: a warning when what failed is only unavailable for now (the
 * database, a peer instance, a Redis slower than its command timeout: each has its fallback), an error otherwise.
 */
export function failureLevel(error: unknown): 'warn' | 'error' {
  return isDatabaseUnavailable(error) || isPeerTimeout(error) || isRedisTimeout(error) ? 'warn' : 'error';
}

/** A Redis command that outlived its `commandTimeout` (ioredis's own message): the caller has fallen back. */
function isRedisTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === 'Command timed out';
}
