import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { AppServer } from './sockets.ts';

export type RoomsThroughRedis = { close: () => Promise<void> };

/** Wraps these commands of a client so that their failures are logged (the callers may still await them). */
function logRejections(
  client: Redis,
  commands: ('publish' | 'subscribe' | 'psubscribe')[],
  log: (error: unknown, context: string) => void,
): void {
  for (const command of commands) {
    const original = (client[command] as (...args: unknown[]) => Promise<unknown>).bind(client);
    Object.assign(client, {
      [command]: (...args: unknown[]) => {
        const sent = original(...args);
        sent.catch((error) => log(error, `redis ${command}`));
        return sent;
      },
    });
  }
}

/**
 * Rooms that span every instance (`@socket.io/redis-adapter`), on two Redis connections. `log` hears their failures:
 * the connections' own (`redis`) and the adapter's commands' (`redis publish`, …).
 */
export function shareRoomsThroughRedis(
  io: AppServer,
  { url, prefix, log }: { url: string; prefix: string; log: (error: unknown, context: string) => void },
): RoomsThroughRedis {
  const pub = new Redis(url, { maxRetriesPerRequest: 3, enableAutoPipelining: true });
  const sub = pub.duplicate();
  for (const client of [pub, sub]) client.on('error', (error) => log(error, 'redis'));
  // The adapter publishes and subscribes without handling failures: a Redis outage (or a command racing
  // shutdown) must be logged, not crash the process with an unhandled rejection.
  logRejections(pub, ['publish'], log);
  logRejections(sub, ['subscribe', 'psubscribe'], log);
  io.adapter(createAdapter(pub, sub, { key: `${prefix}:socket.io`, requestsTimeout: 3000 }));
  return {
    // The Redis adapter's own close() fires unsubscribe commands it never awaits (they fail as the connection
    // ends): closing the connections is enough to leave every channel.
    async close() {
      sub.disconnect();
      await pub.quit().catch(() => pub.disconnect());
    },
  };
}
