import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../common/socket-events.ts';
import type { Actor } from './actor.ts';

/** The types of the app's Socket.IO server and sockets, and the names of its rooms. */
export type SocketGrant = {
  /** Epoch milliseconds. */
  expiresAt: number;
  /** The session (refresh family) the token was issued under; null for a token without one. */
  sessionId: string | null;
  /** Whether `auth:renew_required` was sent for this grant. */
  renewalAsked: boolean;
};

/** A socket's user: who acts, and the names its events show to others. */
export type SocketUser = Actor & { firstName: string; lastName: string };
export type SocketData = { user: SocketUser; grant: SocketGrant };
/** What one instance asks the others (with Redis): whether they sent an event to these rooms since `since`. */
export type InterServerEvents = {
  'sync:sent-since': (input: { rooms: string[]; since: number }, ack: (sent: boolean) => void) => void;
};
export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export const rooms = {
  user: (id: string) => `user:${id}`,
  conversation: (id: string) => `conv:${id}`,
  company: (id: string) => `company:${id}`,
  /** The sockets opened under one session (refresh family), to end them with it. */
  session: (id: string) => `session:${id}`,
  admins: 'role:admin',
};
