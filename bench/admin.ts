/**
 * Admin dashboard benchmark: `npm run bench:admin` (`-- --scale 0.01` for a small check: 10,000 dossiers).
 *
 * Generates (or reuses) 1,000,000 dossiers over two years, 200,000 clients and 20,000 experts in PostgreSQL — the
 * server of DATABASE_URL (database `ft_bench_admin_<dossiers>`), or an embedded one under bench/.data — with their
 * dashboard aggregates (data.ts, aggregates.ts). Then, on the app in a child process (server.ts):
 * 1. metrics: GET /api/admin/metrics over random periods and groupings, 8 at a time, against its floor: the same
 *    aggregate rows read in one query behind the same HTTP stack (metrics.ts, floor.ts);
 * 2. live_update: 100 changes a second through the API for 30 s (`--rate`, `--seconds`), each timed to the
 *    `admin:metrics` event that covers it on an admin's socket, against a bare NOTIFY → socket round trip (live.ts);
 * then checks that every aggregate still equals a full recount (`--no-check` skips it). Prints the figures, then one
 * JSON line.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../server/config.ts';
import { createDb } from '../server/db/pool.ts';
import { TokenService } from '../server/platform/tokens.ts';
import { compareWithRecount } from './admin/aggregates.ts';
import { ensureData, kinds, scaleFromArgs } from './admin/data.ts';
import { chains, connectAdmin, liveUpdates, notifyFloor } from './admin/live.ts';
import { metricsLoad } from './admin/metrics.ts';
import { printReport } from './admin/report.ts';
import { startServer, stopServer } from './admin/server.ts';
import { openBenchDatabase } from './support.ts';

const dataRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '.data');

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a whole number ≥ 1`);
  return value;
}

async function main() {
  const scale = scaleFromArgs();
  const rate = option('rate', 100);
  const seconds = option('seconds', 30);
  const requests = option('requests', 4000);
  const database = await openBenchDatabase(`ft_bench_admin_${scale.dossiers}`, path.join(dataRoot, 'admin'));
  const { db } = createDb(database.url, 4);
  const tokens = new TokenService(loadConfig({ NODE_ENV: 'test' }).jwtSecret, 86_400);
  const sign = (sub: string, role: 'admin' | 'client') => tokens.signAccess({ sub, role }, new Date());
  try {
    const { generatedSeconds } = await ensureData(database.url, db, scale);
    const adminToken = await sign(adminId(), 'admin');
    // One chain of four changes per change slot, and some to spare: a chain waits for its previous answer.
    const walkers = await chains(db, Math.ceil((rate * seconds) / 4) + rate, (id) => sign(id, 'client'));
    const loadBefore = os.loadavg()[0]!;
    const { child, port } = await startServer(database.url);
    try {
      const metrics = await metricsLoad(port, adminToken, requests, Math.round(requests / 10));
      const socket = await connectAdmin(port, adminToken);
      console.log('Live floor: a bare NOTIFY → admin socket, 20 times…');
      const liveFloor = await notifyFloor(db, socket, 20, 1100);
      console.log(`Live updates: ${rate} changes a second for ${seconds} s, an admin socket connected…`);
      const live = await liveUpdates(port, socket, walkers, rate, seconds);
      socket.close();
      // A full recount reads every row (minutes at full scale): `--no-check` skips it.
      const check = process.argv.includes('--no-check')
        ? { summary: 'skipped (--no-check)', rows: 0, differing: 0, seconds: 0 }
        : await compareWithRecount(db);
      printReport({ scale, generatedSeconds, metrics, live, liveFloor, check, loadBefore });
    } finally {
      await stopServer(child);
    }
  } finally {
    await db.destroy();
    await database.stop();
  }
}

/** The first generated admin (data.ts ids). */
const adminId = () => `00000000-${kinds.admin.toString(16).padStart(4, '0')}-7000-8000-000000000001`;

await main();
