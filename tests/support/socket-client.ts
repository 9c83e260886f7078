import { io as connectClient, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../common/socket-events.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real Socket.IO client over WebSocket, connected (or closed and rejected with the server's `connect_error`). */
export function connectSocket(
  baseUrl: string,
  token: string | undefined,
  timeoutMs = 5000,
): Promise<ClientSocket> {
  const socket: ClientSocket = connectClient(baseUrl, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: timeoutMs,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}
