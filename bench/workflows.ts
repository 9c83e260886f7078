/**
 * Workflows benchmark: `npm run bench:workflows` (`BENCH_QUICK=1` or `-- --dossiers 4000` for a small check;
 * `--advance-minutes N`, default 60, how far the sweep's clock is moved; `--completions N`, default 3,000).
 *
 * Generates (or reuses) 200,000 dossiers in progress, each with its workflow and open step, in PostgreSQL — the
 * server of DATABASE_URL (database `ft_bench_workflows_<dossiers>`), or an embedded one under bench/.data — and
 * plants the open steps' SLA clocks around now (plant.ts); the notifications an earlier run left undelivered are
 * dropped. Then measures, each phase alone on the machine:
 * 1. sla_sweep: one `SlaSweepService.sweep` over every open step, its clock moved forward, against a count of the
 *    rows it acts on (the SQL floor); the alerts raised, by type, checked against what was planted;
 * 2. complete_step: POST /api/dossiers/:id/workflow/steps/:stepId/complete on the app in a child process, 8 at a
 *    time, each dossier once, against GET /api/me by the same callers (the floor); then one completion alone on an
 *    app in this process, its statements timed, and the EXPLAIN ANALYZE of its slowest (documents-explain.ts).
 * Prints the figures, then one JSON line.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../server/config.ts';
import { createDb } from '../server/db/pool.ts';
import { explainSlowestStatement } from './documents-explain.ts';
import { startServer, stopServer } from './documents-server.ts';
import { dropUndelivered, openBenchDatabase } from './support.ts';
import { completeLoad, completionCandidates } from './workflows/complete.ts';
import { ensureData, scaleFromArgs } from './workflows/data.ts';
import { plantClocks } from './workflows/plant.ts';
import { printReport } from './workflows/report.ts';
import { measureSweep } from './workflows/sweep.ts';

const dataRoot = path.join(path.dirname(fileURLToPath(import.meta.url)), '.data');

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} takes a whole number ≥ 1`);
  return value;
}

async function main() {
  const scale = scaleFromArgs();
  const quick = scale.dossiers < 200_000;
  const advanceMinutes = option('advance-minutes', 60);
  const completions = option('completions', quick ? 400 : 3_000);
  const warmUp = Math.max(50, Math.round(completions / 10));
  const database = await openBenchDatabase(
    `ft_bench_workflows_${scale.dossiers}`,
    path.join(dataRoot, 'workflows'),
  );
  const { db } = createDb(database.url, 4);
  // The app's own settings (warning ratio, escalation delays), as the child app reads them.
  const config = loadConfig({ NODE_ENV: 'test' });
  try {
    const { generatedSeconds } = await ensureData(database.url, db, scale);
    await dropUndelivered(db);
    const plan = await plantClocks(db, config.sla, advanceMinutes);
    const loadBefore = os.loadavg()[0]!;
    const sweep = await measureSweep(database.url, db, config.sla, plan);
    const candidates = await completionCandidates(db, completions + warmUp + 100);
    const appDir = path.join(dataRoot, 'workflows-app');
    const { child, port } = await startServer(database.url, { dataDir: appDir });
    let complete: Awaited<ReturnType<typeof completeLoad>>;
    try {
      complete = await completeLoad(port, candidates, warmUp, completions);
    } finally {
      await stopServer(child);
    }
    // One more completion, alone, its statements recorded (two dossiers the load did not reach).
    const [warm, recorded] = candidates.slice(complete.used + 10);
    const explain = await explainSlowestStatement(database.url, appDir, recorded!.request, warm!.request);
    printReport({ scale, generatedSeconds, plan, sweep, complete, explain, loadBefore });
  } finally {
    await db.destroy();
    await database.stop();
  }
}

await main();
