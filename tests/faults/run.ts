/**
 * Fault suite: `npm run test:faults`. Runs the real server (`node server/main.ts`, a child process) on a PostgreSQL
 * and a Redis of its own, and breaks them under load:
 *   1. PostgreSQL stopped (fast shutdown) and started again under load: every request succeeds or answers 503, none
 *      hangs, the server serves again within 5 s of PostgreSQL's return, no acknowledged write is lost;
 *   2. Redis killed and started again under load: no error at all;
 *   3. the server killed (-9) during message load and restarted: every acknowledged message is in the history once,
 *      the unacknowledged ones are sent again with their idempotency key and are there once too;
 *   4. 10,000 bad requests generated from the OpenAPI document: no 5xx, the server alive, memory back near its
 *      baseline.
 * Prints a table, `faults: N passed, N failed`, then one JSON line; exits non-zero when a rule is broken.
 * FAULTS_SEED replays a fuzz run; FAULTS_FUZZ_REQUESTS changes its size; FAULTS_ONLY=postgres,redis,kill,fuzz runs
 * some scenarios only; FAULTS_KEEP=1 keeps the work directory (logs of the server) even when all passed.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../support/ports.ts';
import { sleep } from '../support/waiting.ts';
import { fuzzRoutes } from './fuzz-scenario.ts';
import { api, Tally } from './http.ts';
import {
  type Cast,
  type Ledger,
  newLedger,
  signInCast,
  startLoad,
  type Verification,
  verify,
} from './load.ts';
import { OwnPostgres, OwnRedis, ServerProcess } from './processes.ts';
import { check, checks, printTable, results, round2, rows } from './report.ts';

const FUZZ_REQUESTS = Number(process.env.FAULTS_FUZZ_REQUESTS ?? 10_000);
const SEED = Number(process.env.FAULTS_SEED ?? Date.now() % 1e9);
results.seed = SEED;

// A failure inside the suite's own load fails the run, and the run still cleans up after itself.
process.on('unhandledRejection', (error) => check('the suite itself threw nothing', false, String(error)));

const work = await mkdtemp(path.join(os.tmpdir(), 'ft-faults-'));
// As root, PostgreSQL runs as the 'postgres' user, who must reach its data directory inside.
await chmod(work, 0o755);
console.log(`Fault suite (work directory ${work}, fuzz seed ${SEED})`);
const pg = await OwnPostgres.start(path.join(work, 'pg'));
const redis = await OwnRedis.start();
const server = new ServerProcess(
  await freePort(),
  {
    HOST: '127.0.0.1',
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATA_DIR: path.join(work, 'data'),
    DATABASE_URL: pg.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: `faults${process.pid}`,
    JWT_SECRET: randomBytes(32).toString('hex'),
    SEED_DEMO: 'true',
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
  },
  path.join(work, 'server'),
);

async function firstSuccess(cast: Cast, deadlineMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < deadlineMs) {
    const answer = await api(server.baseUrl, 'GET', '/api/dossiers?limit=1', {
      token: cast.client.token,
      timeoutMs: 2000,
    });
    if (answer.status === 200) return (performance.now() - started) / 1000;
    await sleep(100);
  }
  return Number.POSITIVE_INFINITY;
}

function report(scenario: string, tally: Tally, v: Verification, recovery: string) {
  rows.push({
    scenario,
    requests: tally.total,
    statuses: tally.summary(),
    lost: v.lost + v.lostDossiers,
    duplicated: v.duplicated,
    recovery,
  });
  if (tally.samples.length) console.log(`  samples:\n    ${tally.samples.slice(0, 8).join('\n    ')}`);
}

/**
 * Breaks something with `fault` under the load (started 3 s before it), then stops the load, sends its unacknowledged
 * messages again (`pendingAtStop` of them) and verifies what it wrote.
 */
async function underLoad<T>(
  title: string,
  cast: Cast,
  fault: (ledger: Ledger) => Promise<T>,
  sockets?: number,
) {
  console.log(`\n== ${title}`);
  const tally = new Tally();
  const ledger = newLedger();
  const load = startLoad({ baseUrl: server.baseUrl, cast, ledger, tally, sockets });
  await sleep(3000);
  const outcome = await fault(ledger);
  await load.stop();
  const pendingAtStop = ledger.pending.size;
  await load.drain();
  const v = await verify(server.baseUrl, ledger);
  return { tally, ledger, v, outcome, pendingAtStop };
}

async function postgresRestart(cast: Cast) {
  const { tally, ledger, v, outcome } = await underLoad('PostgreSQL restart under load', cast, async () => {
    await pg.stop();
    await sleep(1000);
    const healthDown = await api(server.baseUrl, 'GET', '/api/health', { timeoutMs: 10_000 });
    await sleep(3000);
    await pg.restart();
    const recovery = await firstSuccess(cast, 30_000);
    const recoveredAt = Date.now();
    await sleep(4000);
    const healthUp = await api(server.baseUrl, 'GET', '/api/health', { timeoutMs: 10_000 });
    return { healthDown, healthUp, recovery, recoveredAt };
  });
  const { healthDown, healthUp, recovery, recoveredAt } = outcome;
  report('postgres restart', tally, v, `${round2(recovery)} s`);
  Object.assign(results, {
    pg_requests: tally.total,
    pg_503: tally.count((k) => k === '503'),
    pg_unclean: tally.unclean + tally.count((k) => k === 'network'),
    pg_recovery_s: round2(recovery),
    pg_socket_acks: ledger.socketAcks,
    pg_lost: v.lost + v.lostDossiers,
    pg_duplicated: v.duplicated,
  });
  check(
    'PostgreSQL restart: every answer a success or a clean 503, none hung',
    results.pg_unclean === 0,
    tally.summary(),
  );
  check('PostgreSQL restart: serves again within 5 s', recovery <= 5, `${round2(recovery)} s`);
  check(
    'PostgreSQL restart: no acknowledged write lost',
    v.lost + v.lostDossiers === 0,
    `${v.checked} writes checked`,
  );
  check('PostgreSQL restart: no message twice', v.duplicated === 0);
  check(
    'PostgreSQL restart: unacknowledged messages delivered after retries',
    ledger.pending.size === 0,
    `${ledger.pending.size} left`,
  );
  check('PostgreSQL restart: the server stayed up', server.alive && !server.crashed);
  check(
    'PostgreSQL restart: /api/health answers 503 while it is down, 200 once back',
    healthDown.status === 503 && healthUp.status === 200,
    `${healthDown.status} then ${healthUp.status}`,
  );
  // Every part (pool, job runner, listeners) recovers: none still logging errors 5 s after PostgreSQL's return.
  const late = server.errorsSince(recoveredAt + 5000);
  results.pg_errors_logged_after_recovery = late.length;
  check(
    'PostgreSQL restart: no error logged 5 s after its return',
    late.length === 0,
    late[0]?.slice(0, 300),
  );
}

async function redisRestart(cast: Cast) {
  const { tally, v } = await underLoad('Redis stop and restart under load', cast, async () => {
    await redis.kill();
    await sleep(4000);
    await redis.restart();
    await sleep(4000);
  });
  const errors = tally.count((k) => k === 'timeout' || k === 'network' || /^5/.test(k));
  report('redis restart', tally, v, '-');
  Object.assign(results, {
    redis_requests: tally.total,
    redis_errors: errors,
    redis_lost: v.lost + v.lostDossiers,
    redis_duplicated: v.duplicated,
  });
  check('Redis restart: no error, no hang', errors === 0, tally.summary());
  check(
    'Redis restart: no acknowledged write lost, none twice',
    v.lost + v.lostDossiers + v.duplicated === 0,
  );
  check('Redis restart: the server stayed up', server.alive && !server.crashed);
}

async function killDuringMessages(cast: Cast) {
  const { tally, ledger, v, outcome, pendingAtStop } = await underLoad(
    'kill -9 of the server during message load, then restart',
    cast,
    async (ledger) => {
      const inFlight = ledger.acked.size;
      await server.kill9();
      const killedAt = performance.now();
      await sleep(500);
      await server.start();
      const restart = (performance.now() - killedAt) / 1000;
      await sleep(4000);
      return { inFlight, restart };
    },
    3,
  );
  const { inFlight, restart } = outcome;
  report('kill -9 + restart', tally, v, `${round2(restart)} s (restart)`);
  Object.assign(results, {
    kill_requests: tally.total,
    kill_acked: ledger.acked.size,
    kill_socket_acks: ledger.socketAcks,
    kill_resent: pendingAtStop,
    kill_restart_s: round2(restart),
    kill_lost: v.lost,
    kill_duplicated: v.duplicated,
  });
  console.log(
    `  ${inFlight} messages acknowledged before the kill, ${ledger.acked.size} in all, ${pendingAtStop} sent again`,
  );
  check(
    'kill -9: every acknowledged message in the history',
    v.lost === 0,
    `${ledger.acked.size} acknowledged`,
  );
  check('kill -9: no message twice after resending', v.duplicated === 0);
  check('kill -9: every unacknowledged message delivered once resent', ledger.pending.size === 0);
}

let exitCode = 1;
try {
  const started = performance.now();
  await server.start();
  console.log(
    `Server up on ${server.baseUrl} in ${round2((performance.now() - started) / 1000)} s (demo data seeded)`,
  );
  const cast = await signInCast(server.baseUrl, 25);
  const only = process.env.FAULTS_ONLY?.split(',');
  const scenarios = {
    postgres: postgresRestart,
    redis: redisRestart,
    kill: killDuringMessages,
    fuzz: (c: Cast) => fuzzRoutes(server, c, { total: FUZZ_REQUESTS, seed: SEED }),
  };
  for (const [name, scenario] of Object.entries(scenarios)) {
    if (!only || only.includes(name)) await scenario(cast);
  }
  results.server_error_logs = server.errorLines.length;
  results.unexpected_exits = server.exits.filter((e) => !e.expected).length;
  check('the server never died by itself', results.unexpected_exits === 0);
  if (server.errorLines.length) {
    console.log(`\nServer error logs (${server.errorLines.length}), first ones:`);
    for (const line of server.errorLines.slice(0, 5)) console.log(`  ${line.slice(0, 400)}`);
  }
  results.seconds = round2((performance.now() - started) / 1000);
  exitCode = checks.every((c) => c.ok) ? 0 : 1;
} catch (error) {
  console.error('fault suite aborted:', error);
  check('the suite ran to the end', false, String(error));
} finally {
  await server.stop().catch(() => {});
  await redis.kill().catch(() => {});
  await pg.stop().catch(() => {});
}

const failedCount = printTable();
if (exitCode === 0 && process.env.FAULTS_KEEP !== '1') await rm(work, { recursive: true, force: true });
else console.log(`Logs kept in ${work}`);
console.log(`\nfaults: ${checks.length - failedCount} passed, ${failedCount} failed`);
console.log(JSON.stringify({ suite: 'faults', results }));
process.exit(exitCode);
