/**
 * Whether an error means the database cannot serve now, though the request itself is fine: it is unreachable or
 * restarting, refused the connection, dropped it, or no pooled connection freed up in time. Such a request may be
 * retried later (503 + Retry-After), unlike a bug (500).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, message, errors } = e as { code?: unknown; message?: unknown; errors?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || isUnavailableSqlState(code))) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((m) => message.startsWith(m))) return true;
    // A connection to "localhost" tries every address and fails with all their errors.
    if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Seconds a client should wait before retrying after a 503 from the database. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

const isUnavailableSqlState = (code: string) =>
  /^08[0-9A-Z]{3}$/.test(code) || // connection exception
  code === '57P01' || // admin_shutdown
  code === '57P02' || // crash_shutdown
  code === '57P03' || // cannot_connect_now (starting up, recovering)
  code === '53300' || // too_many_connections
  code === '57014'; // query_canceled: statement_timeout, or the server cancelling under shutdown

const UNAVAILABLE_MESSAGES = [
  // pg-pool: no connection freed up within connectionTimeoutMillis.
  'timeout exceeded when trying to connect',
  // pg: the connection closed under a query ("… unexpectedly", "… due to connection timeout").
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  // pg: a client ended because PostgreSQL sent FATAL (createDb), as the failed transaction's ROLLBACK meets it.
  'Client was closed and is not queryable',
  'Connection closed',
];

/** Whether PostgreSQL refused a text value it cannot store: a NUL character, or bytes invalid in UTF-8. */
export function isTextTheDatabaseCannotHold(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '22021' || code === '22P05'; // character_not_in_repertoire, untranslatable_character
}
