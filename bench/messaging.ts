/**
 * Messaging benchmark: `npm run bench:messaging` (BENCH_QUICK=1 for a small run in seconds).
 *
 * Generates (or reuses) conversations holding 1,000,000 messages in PostgreSQL — the server of DATABASE_URL
 * (database `ft_bench_messaging_<messages>`), or an embedded one under bench/.data — starts the app in a child
 * process, connects 1,000 Socket.IO clients (two per conversation, 500 conversations) and sends 500 messages/s for
 * 60 s through `message:send`, measuring sender-emit → recipient-receive latency, ack latency, and sent / received /
 * lost / duplicated counts. Then measures history pages and French full-text search over the whole history through
 * the HTTP API (autocannon, 4 requests at a time, 3,000 per scenario — 1,000 for the widest search — after an
 * unmeasured pass of as many other random picks), and a raw `ws` echo round trip at the same rate as the floor. Prints a table, then one JSON line.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../server/config.ts';
import { createDb } from '../server/db/pool.ts';
import { TokenService } from '../server/platform/tokens.ts';
import { ensureData, QUICK, SCALE } from './messaging/data.ts';
import { wsEchoFloor } from './messaging/echo.ts';
import { httpScenarios } from './messaging/http.ts';
import { liveDelivery } from './messaging/live.ts';
import { startChild, stopChild } from './messaging/processes.ts';
import { printReport } from './messaging/report.ts';
import { openBenchDatabase } from './support.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

async function main() {
  const database = await openBenchDatabase(
    `ft_bench_messaging_${SCALE.messages}`,
    path.join(here, '.data', 'messaging'),
  );
  const { db } = createDb(database.url, 4);
  const { cast, adminId } = await ensureData(database.url, db);
  const tokens = new TokenService(loadConfig({ NODE_ENV: 'test' }).jwtSecret, 86_400);
  const now = new Date();
  const clientTokens = await Promise.all(
    cast.map((c) => tokens.signAccess({ sub: c.clientId, role: 'client' }, now)),
  );
  const expertTokens = await Promise.all(
    cast.map((c) => tokens.signAccess({ sub: c.expertId, role: 'expert' }, now)),
  );
  const adminToken = await tokens.signAccess({ sub: adminId, role: 'admin' }, now);

  const loadBefore = os.loadavg()[0]!;
  const { child, port } = await startChild(['--serve', database.url]);
  try {
    const live = await liveDelivery(port, cast, clientTokens, expertTokens);
    const http = await httpScenarios(port, cast, clientTokens, expertTokens, adminToken);

    // ---- floor
    const echo = await wsEchoFloor(SCALE.sockets, SCALE.rate, Math.min(SCALE.durationS, QUICK ? 5 : 20));

    printReport({ conversations: cast.length, live, http, echo, loadBefore });
  } finally {
    await stopChild(child);
    await db.destroy();
    await database.stop();
  }
}

await main();
