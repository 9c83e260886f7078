import type { LiveFigures, MetricsChanged } from './admin-metrics.ts';
import type { AlertsChanged } from './alerts.ts';
import type { DossierUpdated } from './dossiers.ts';
import type { ExpertRequestUpdated, ReviewUpdated } from './experts.ts';
import type {
  Message,
  PresenceState,
  ReadReceipt,
  ReadResult,
  SendAck,
  SendMessageInput,
  TypingState,
  UnreadCounts,
} from './messaging.ts';
import type { NotificationLive, NotificationsRead } from './notifications.ts';
import type { SessionRevokedReason } from './users.ts';
import type { WorkflowChanged } from './workflows.ts';

/**
 * The Socket.IO contract of every module: event names and payloads, server to client and client to server (path
 * /socket.io, `auth: { token }` in the handshake). Payload types live with their module in `common/`; the server
 * module that owns an event decides who receives it (`<module>.realtime.ts`).
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

/** An event the server refused without doing its work, for events that carry no acknowledgement. */
export type SocketError = {
  /** The client event refused (`typing`, …). */
  event: string;
  code: string;
  message: string;
  /** With `RATE_LIMITED`: when the event would be accepted again. */
  retryAfterMs?: number;
};

export type ClientToServerEvents = {
  // The connection itself.
  'auth:renew': (input: { token: string }, ack: (r: Ack<{ expiresAt: string }>) => void) => void;
  /**
   * Whether an event went to this socket's rooms since `since` (the server's epoch ms at which its page began
   * reading its data): what was read before the socket listened is read again only then.
   */
  'sync:missed': (input: { since: number }, ack: (r: Ack<{ missed: boolean }>) => void) => void;
  // Messaging.
  'message:send': (
    input: { conversationId: string } & SendMessageInput,
    ack: (r: Ack<SendAck>) => void,
  ) => void;
  'message:read': (
    input: { conversationId: string; seq: number },
    ack?: (r: Ack<ReadResult>) => void,
  ) => void;
  typing: (input: { conversationId: string; isTyping: boolean }) => void;
  /** Subscribes this socket to a conversation it takes part in (joined automatically at connection). */
  'conversation:join': (input: { conversationId: string }, ack?: (r: Ack<{ ok: true }>) => void) => void;
  'presence:query': (input: { userIds: string[] }, ack: (r: Ack<PresenceState[]>) => void) => void;
};

export type ServerToClientEvents = {
  // The connection itself.
  'auth:renew_required': (state: RenewRequired) => void;
  'auth:expired': (state: { code: 'TOKEN_EXPIRED'; message: string }) => void;
  'auth:revoked': (state: { reason: SessionRevokedReason }) => void;
  /** This instance is shutting down: connect again now (the load balancer sends the new socket elsewhere). */
  'server:draining': () => void;
  error: (error: SocketError) => void;
  // Messaging.
  'message:new': (message: Message) => void;
  'message:updated': (message: Message) => void;
  'message:deleted': (message: Message) => void;
  'message:read': (receipt: ReadReceipt) => void;
  /** The reader's own unread counts changed (read on another tab or device). */
  unread: (state: UnreadCounts) => void;
  typing: (state: TypingState) => void;
  presence: (state: PresenceState) => void;
  /** A conversation appeared for the user (new direct conversation, joined dossier conversation). */
  'conversation:new': (conversation: { id: string }) => void;
  // Marketplace (experts module).
  'expert_request:updated': (state: ExpertRequestUpdated) => void;
  'review:updated': (state: ReviewUpdated) => void;
  // Dossiers.
  'dossier:updated': (state: DossierUpdated) => void;
  // Workflows and alerts.
  /** A dossier's workflow moved (a step entered, completed, paused, resumed): its progress is worth reloading. */
  'workflow:updated': (state: WorkflowChanged) => void;
  /** The user's alert counts changed (an alert raised, acknowledged, snoozed, resolved). */
  'alerts:changed': (state: AlertsChanged) => void;
  // Notifications (to the recipient's own sockets, every tab and device).
  /** A new notification, or a grouped one counted up (`count`), with the new unread count. */
  'notification:new': (state: NotificationLive) => void;
  /** Notifications read elsewhere (another tab, the conversation opened): their ids, or 'all' up to a time. */
  'notification:read': (state: NotificationsRead) => void;
  /** A notification marked unread, archived or brought back from the archive elsewhere. */
  'notification:updated': (state: NotificationLive) => void;
  // The admin dashboard (to the admins' sockets).
  /** Dashboard figures moved (throttled to one per 300 ms per instance): the dashboard reads them again. */
  'admin:metrics': (state: MetricsChanged) => void;
  /** What is happening now (active users, recent messages), every few seconds while an admin is connected. */
  'admin:live': (state: LiveFigures) => void;
};

export type ServerEvent = keyof ServerToClientEvents;
