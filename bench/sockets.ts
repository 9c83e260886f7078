import { type ClientSocket, connectSocket } from '../tests/support/socket-client.ts';

/** Connects one Socket.IO client per token to the app on `port`, 50 at a time. */
export async function connectAll(port: number, tokens: string[]): Promise<ClientSocket[]> {
  const sockets: ClientSocket[] = [];
  for (let i = 0; i < tokens.length; i += 50) {
    const batch = tokens
      .slice(i, i + 50)
      .map((token) => connectSocket(`http://127.0.0.1:${port}`, token, 20_000));
    sockets.push(...(await Promise.all(batch)));
  }
  return sockets;
}
