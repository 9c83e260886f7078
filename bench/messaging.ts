/**
 * Messaging benchmark: `npm run bench:messaging` (BENCH_QUICK=1 for a small run in seconds).
 *
 * Generates (or reuses) conversations holding 1,000,000 messages in PostgreSQL — the server of DATABASE_URL
 * (database `ft_bench_messaging_<messages>`), or an embedded one under bench/.data — starts the app in a child
 * process, connects 1,000 Socket.IO clients (two per conversation, 500 conversations, spread over two load-generator
 * processes) and sends 500 messages/s for 60 s through `message:send`, measuring sender-emit → recipient-receive
 * latency, ack latency, and sent / received / lost / duplicated counts. Then measures history pages and French full-text search over the whole history through
 * the HTTP API (autocannon, 4 requests at a time, 3,000 per scenario — 1,000 for the widest search — after an
 * unmeasured pass of as many other random picks), and two floors at the same rate: a raw `ws` echo round trip, and a
 * one-row commit on the same database (the disk's WAL flush). Prints a table, then one JSON line.
 *
 * `-- --runs N` repeats the measured phase (live, then HTTP) N times back to back on the same data, each run starting
 * from what the previous one left (as in production, nothing is deleted). Each run prints its per-second timeline:
 * sent, delivered, p50 / p99 / max, ack p99, the server's event-loop delay, CPU time, wait for a core (its main
 * thread ready to run, the cores busy) and GC pauses, and what PostgreSQL did (checkpoints, autovacuum, background
 * jobs), and a flush of the disk under PostgreSQL's data timed every 50 ms beside it (a flush of 10 ms or more is
 * named); a second whose p99 exceeds 20 ms is flagged with its cause. Then the run's CPU time a second of the server,
 * the load generator and PostgreSQL (its processes read from /proc when it runs on this machine), each with its wait
 * for a core, and its WAL: records, full-page images and bytes, in all and per message sent.
 * `--http-last` runs the HTTP scenarios after the last run only: the live runs then follow one another directly
 * (later runs were slower when the scenarios ran between them, and were not without them); the report's HTTP
 * figures are then the last run's.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../server/config.ts';
import { createDb } from '../server/db/pool.ts';
import { TokenService } from '../server/platform/tokens.ts';
import { commitFloor } from './messaging/commit-floor.ts';
import { ensureData, QUICK, SCALE } from './messaging/data.ts';
import { wsEchoFloor } from './messaging/echo.ts';
import { httpScenarios } from './messaging/http.ts';
import { liveDelivery } from './messaging/live.ts';
import { startChild, stopChild } from './messaging/processes.ts';
import { type MessagingRun, printReport } from './messaging/report.ts';
import { runsFromArgs } from './runs.ts';
import { openBenchDatabase, round2, triple } from './support.ts';
import { flushProbeDirectory, startDiskFlushProbe } from './timeline/disk-flush.ts';
import { startPgActivity } from './timeline/pg-activity.ts';
import { cpuBetween, type ProcessCpuTimes, postgresCpuReader } from './timeline/postgres-cpu.ts';
import { type RuntimeSample, startRuntimeProbe } from './timeline/runtime-probe.ts';
import { type CpuPerSecond, printTimeline, stallsOf, Timeline } from './timeline/timeline.ts';
import { walSummary, walTotals } from './timeline/wal.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

async function main() {
  const runCount = runsFromArgs();
  const httpLast = process.argv.includes('--http-last');
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

  const probeDirectory = await flushProbeDirectory(database.url);
  if (!probeDirectory)
    console.log('No disk flush probe: PostgreSQL’s data is not on a disk this process can write to.');
  const readPostgresCpu = await postgresCpuReader(database.url);
  const loadBefore = os.loadavg()[0]!;
  const { child, port } = await startChild(['--serve', database.url]);
  try {
    const runs: MessagingRun[] = [];
    for (let run = 1; run <= runCount; run++) {
      console.log(`\n── Run ${run} of ${runCount}`);
      let timeline: Timeline | null = null;
      const heap = { lowest: Infinity, highest: 0 };
      const onRuntime = (m: unknown) => {
        const sample = (m as { runtime?: RuntimeSample }).runtime;
        if (!sample || !timeline) return;
        timeline.recordRuntime(sample);
        heap.lowest = Math.min(heap.lowest, sample.heapUsedMb);
        heap.highest = Math.max(heap.highest, sample.heapUsedMb);
      };
      child.on('message', onRuntime);
      const stopPgActivity = await startPgActivity(database.url, (sample) =>
        timeline?.recordDatabase(sample),
      );
      const stopDiskProbe = probeDirectory
        ? await startDiskFlushProbe(probeDirectory, (sample) => timeline?.recordDisk(sample))
        : async () => {};
      const stopGeneratorProbe = startRuntimeProbe((sample) => timeline?.recordRuntime(sample, 'generator'));
      const walBefore = await walTotals(db);
      let postgresBefore: Promise<ProcessCpuTimes> | undefined;
      let liveStarted = 0;
      const live = await liveDelivery(port, cast, clientTokens, expertTokens, () => {
        timeline = new Timeline();
        liveStarted = performance.now();
        postgresBefore = readPostgresCpu?.();
        return timeline;
      });
      const liveSeconds = (performance.now() - liveStarted) / 1000;
      const postgresCpu =
        postgresBefore && readPostgresCpu ? cpuBetween(await postgresBefore, await readPostgresCpu()) : null;
      await Promise.all([stopPgActivity(), stopDiskProbe()]);
      stopGeneratorProbe();
      child.off('message', onRuntime);
      const rows = timeline!.rows();
      printTimeline(`Run ${run}: delivery per second (ms; gc: pauses, total/longest ms)`, rows);
      const { delivery } = live;
      console.log(
        `Run ${run}: delivery p50 / p95 / p99 / max ${triple(delivery)} / ${delivery.max_ms} ms, lost ${live.lost}, duplicated ${live.duplicated}`,
      );
      // The lowest is near the live heap (just after a collection): growing from run to run, something is kept.
      console.log(
        `Run ${run}: server heap in use, lowest / highest ${round2(heap.lowest)} / ${round2(heap.highest)} MB`,
      );
      const cpu = timeline!.cpuPerSecond();
      const postgres = postgresCpu && {
        cpuMs: postgresCpu.cpuMs / liveSeconds,
        coreWaitMs: postgresCpu.coreWaitMs / liveSeconds,
      };
      console.log(
        `Run ${run}: CPU a second (ms), and the time waiting for a core: server ${cpuText(cpu.server)}, load generator ${cpuText(cpu.generator)}, PostgreSQL ${cpuText(postgres)}`,
      );
      console.log(`Run ${run}: ${walSummary(walBefore, await walTotals(db), live.sent)}`);
      const http =
        httpLast && run < runCount
          ? null
          : await httpScenarios(port, cast, clientTokens, expertTokens, adminToken);
      runs.push({ live, http, stalls: stallsOf(rows) });
    }

    // ---- floor
    const floorSeconds = Math.min(SCALE.durationS, QUICK ? 5 : 20);
    const echo = await wsEchoFloor(SCALE.sockets, SCALE.rate, floorSeconds);
    const commit = await commitFloor(database.url, SCALE.rate, floorSeconds);

    printReport({ conversations: cast.length, runs, echo, commit, loadBefore });
  } finally {
    await stopChild(child);
    await db.destroy();
    await database.stop();
  }
}

function cpuText(cpu: CpuPerSecond | null): string {
  if (!cpu) return 'not measured';
  return `${Math.round(cpu.cpuMs)} (waited ${cpu.coreWaitMs === null ? 'unknown' : Math.round(cpu.coreWaitMs)})`;
}

await main();
