import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../common/socket-events.ts';
import { getAccessToken, refreshSession } from './api.ts';
import { useSession } from './session.tsx';

export type RealtimeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const RealtimeContext = createContext<RealtimeSocket | null>(null);

/** Registers, on a new socket, the handlers that mark cached data stale when the server says something moved. */
export type KeepCachesLive = (socket: RealtimeSocket, queryClient: QueryClient) => void;

/** When the page's data began to be read (the server's epoch ms), for its first socket; null once asked. */
let pageReadSince: number | null = null;

/** The page came with data the server began reading at `since`: its first socket asks what it missed since. */
export function catchUpSince(since: number): void {
  pageReadSince = since;
}

/**
 * Reads again what was read before this socket listened (the page's data, its first requests made while it
 * connected; after a cut, everything), which may have missed an update. A page rendered with its data asks the
 * server first whether any event went to the socket's rooms since it was read, and reads nothing again when none did.
 */
function catchUp(socket: RealtimeSocket, queryClient: QueryClient) {
  const connectedAt = Date.now();
  const readAgain = () =>
    void queryClient.invalidateQueries({
      predicate: (query) => query.state.dataUpdatedAt > 0 && query.state.dataUpdatedAt < connectedAt,
    });
  const since = pageReadSince;
  pageReadSince = null;
  if (since === null) return readAgain();
  socket
    .timeout(10_000)
    .emitWithAck('sync:missed', { since })
    .then((answer) => {
      if (!('missed' in answer) || answer.missed) readAgain();
    }, readAgain);
}

/**
 * Keeps the open socket authorised: before its token expires the server asks for a fresh one, sent on the same
 * connection (nothing is missed, nothing reconnects). A socket cut for want of one reconnects with a fresh token;
 * a socket whose session ended (logout, password change elsewhere) ends the session here too.
 */
function keepAuthorised(socket: RealtimeSocket, onSessionEnded: () => void) {
  const freshToken = async () => ((await refreshSession()) ? getAccessToken() : null);
  socket.on('auth:renew_required', async () => {
    const token = await freshToken();
    if (!token) return;
    const ack = await socket
      .timeout(10_000)
      .emitWithAck('auth:renew', { token })
      .catch(() => null);
    // Refused (another session) or unanswered: the server disconnects at the deadline and we reconnect then.
    if (ack && 'error' in ack) console.warn('socket renewal refused', ack.error.code);
  });
  // Cut for want of a fresh token (a tab asleep past the deadline): reconnect with one once the cut is done.
  let expired = false;
  socket.on('auth:expired', () => {
    expired = true;
  });
  socket.on('disconnect', async () => {
    if (!expired) return;
    expired = false;
    if (await freshToken()) socket.connect();
  });
  socket.on('auth:revoked', onSessionEnded);
}

/**
 * One Socket.IO connection per signed-in, active user. The handshake reads the current access token each time it
 * (re)connects; a refused handshake because the token expired renews it and connects again.
 */
export function RealtimeProvider({
  children,
  keepCachesLive,
}: {
  children: ReactNode;
  keepCachesLive: KeepCachesLive;
}) {
  const { user, forget } = useSession();
  const queryClient = useQueryClient();
  const [socket, setSocket] = useState<RealtimeSocket | null>(null);
  const userId = user?.status === 'active' ? user.id : null;

  useEffect(() => {
    if (!userId) return;
    let ended = false;
    let opened: RealtimeSocket | null = null;
    // The socket client loads with the first signed-in page, never for an anonymous visitor.
    // A page rendered for a signed-in visitor shows them before their access token is renewed: the handshake waits.
    const token = getAccessToken() ? Promise.resolve() : refreshSession();
    void Promise.all([import('socket.io-client'), token]).then(([{ io }]) => {
      if (ended) return;
      const s: RealtimeSocket = io({
        auth: (cb) => cb({ token: getAccessToken() }),
        transports: ['websocket'],
      });
      opened = s;
      s.on('connect_error', async (error) => {
        const code = (error as Error & { data?: { code?: string } }).data?.code;
        // Refused by an instance shutting down: another one takes it shortly.
        if (code === 'SERVER_DRAINING') setTimeout(() => s.connect(), 300);
        if (code !== 'TOKEN_EXPIRED' && code !== 'UNAUTHENTICATED') return;
        if (await refreshSession()) s.connect();
      });
      // Its instance is shutting down: connect again at once, through the load balancer, to another one.
      s.on('server:draining', () => s.disconnect().connect());
      s.on('connect', () => catchUp(s, queryClient));
      keepCachesLive(s, queryClient);
      keepAuthorised(s, forget);
      setSocket(s);
    });
    return () => {
      ended = true;
      opened?.removeAllListeners();
      opened?.disconnect();
      setSocket(null);
    };
  }, [userId, queryClient, forget, keepCachesLive]);

  return <RealtimeContext value={socket}>{children}</RealtimeContext>;
}

export function useSocket(): RealtimeSocket | null {
  return useContext(RealtimeContext);
}

/** Subscribes to one server event for as long as the component lives. */
export function useSocketEvent<E extends keyof ServerToClientEvents>(
  event: E,
  handler: ServerToClientEvents[E],
) {
  const socket = useSocket();
  useEffect(() => {
    if (!socket) return;
    // Socket.IO's typed `on` needs the handler of exactly this event.
    socket.on(event, handler as never);
    return () => {
      socket.off(event, handler as never);
    };
  }, [socket, event, handler]);
}
