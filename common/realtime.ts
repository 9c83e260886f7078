/**
 * Socket.IO contract of the connection itself (authentication, limits, errors), shared by every module's events.
 *
 * A socket is authorised for as long as the access token it presented: shortly before that token expires the
 * server sends `auth:renew_required`; the client answers `auth:renew` with a fresh access token on the same open
 * socket. Without one by `deadline`, the server sends `auth:expired` and disconnects. A session that ends (logout,
 * password change, suspension) gets `auth:revoked`, then is disconnected.
 */

/** An acknowledgement: the result, or `{error: {code, message}}` on failure. */
export type Ack<T> = T | { error: { code: string; message: string; details?: unknown } };

export type RenewRequired = {
  /** When the socket's access token expires (ISO). */
  expiresAt: string;
  /** When the socket is disconnected if no fresh token came (ISO). */
  deadline: string;
};

export type SessionRevokedReason = 'logout' | 'password_changed' | 'refresh_reuse' | 'account_suspended';

/** An event the server refused without doing its work, for events that carry no acknowledgement. */
export type SocketError = {
  /** The client event refused (`typing`, …). */
  event: string;
  code: string;
  message: string;
  /** With `RATE_LIMITED`: when the event would be accepted again. */
  retryAfterMs?: number;
};

export type RealtimeClientEvents = {
  'auth:renew': (input: { token: string }, ack: (r: Ack<{ expiresAt: string }>) => void) => void;
};

export type RealtimeServerEvents = {
  'auth:renew_required': (state: RenewRequired) => void;
  'auth:expired': (state: { code: 'TOKEN_EXPIRED'; message: string }) => void;
  'auth:revoked': (state: { reason: SessionRevokedReason }) => void;
  error: (error: SocketError) => void;
};
