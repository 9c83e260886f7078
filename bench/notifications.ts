/**
 * Notifications benchmark: `npm run bench:notifications` (`-- --users 2000 --sockets 100` for a small check).
 *
 * Generates (or reuses) 100,000 users in PostgreSQL — the server of DATABASE_URL (database
 * `ft_bench_notifications_<users>_<sockets>`), or an embedded one under bench/.data — starts the app in a child
 * process and connects 1,000 of them by Socket.IO (clients and experts, paired in conversations). Then measures:
 * (c) the floors first: a raw `ws` echo round trip, and the messaging delivery (a `message:send` from a client to its
 * expert) at the event rate; (a) events to one user, `--rate` a second for `--seconds`, each published in the server
 * through the notification service (an IPC command) and timed to its `notification:new` on the user's socket;
 * (b) an announcement to all the users through the admin API: until stored, until on every connected socket, until
 * its e-mail jobs are queued. Prints p50 / p95 / p99 and the ratios, then one JSON line.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../server/config.ts';
import { createDb } from '../server/db/pool.ts';
import { TokenService } from '../server/platform/tokens.ts';
import { wsEchoFloor } from './messaging/echo.ts';
import { announcementToAll } from './notifications/announcement.ts';
import { ensureData } from './notifications/data.ts';
import { eventLatency } from './notifications/events.ts';
import { messagingFloor } from './notifications/floor.ts';
import { printReport } from './notifications/report.ts';
import { scaleFromArgs } from './notifications/scale.ts';
import { startServer, stopServer } from './notifications/server.ts';
import { connectAll } from './sockets.ts';
import { openBenchDatabase } from './support.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

async function main() {
  const scale = scaleFromArgs();
  const database = await openBenchDatabase(
    `ft_bench_notifications_${scale.users}_${scale.sockets}`,
    path.join(here, '.data', 'notifications'),
  );
  const { db } = createDb(database.url, 4);
  const { cast, adminId } = await ensureData(database.url, db, scale);
  const tokens = new TokenService(loadConfig({ NODE_ENV: 'test' }).jwtSecret, 86_400);
  const now = new Date();
  // Socket k: the client (even k) or the expert (odd k) of pair k / 2.
  const people = cast.flatMap((c) => [
    { id: c.clientId, role: 'client' as const },
    { id: c.expertId, role: 'expert' as const },
  ]);
  const socketTokens = await Promise.all(
    people.map((p) => tokens.signAccess({ sub: p.id, role: p.role }, now)),
  );
  const adminToken = await tokens.signAccess({ sub: adminId, role: 'admin' }, now);

  const loadBefore = os.loadavg()[0]!;
  const echo = await wsEchoFloor(scale.sockets, scale.rate, scale.seconds);
  const { child, port } = await startServer(database.url);
  try {
    const connecting = performance.now();
    const sockets = await connectAll(port, socketTokens);
    const connectSeconds = (performance.now() - connecting) / 1000;
    console.log(`${sockets.length} sockets connected in ${connectSeconds.toFixed(1)} s.`);
    const floor = await messagingFloor(sockets, cast, scale);
    const event = await eventLatency(
      child,
      db,
      database.url,
      sockets,
      people.map((p) => p.id),
      scale,
    );
    const announcement = await announcementToAll(port, db, adminToken, sockets);
    for (const socket of sockets) socket.close();
    printReport({ scale, event, floor, echo, announcement, loadBefore });
  } finally {
    await stopServer(child);
    await db.destroy();
    await database.stop();
  }
}

await main();
