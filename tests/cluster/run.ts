/**
 * Cluster suite: `npm run test:cluster`. Runs the product as a fleet: PgBouncer in transaction mode in front of a
 * PostgreSQL of its own, three instances of the real server sharing it and a Redis of its own, HAProxy in front.
 * Drives a mixed load through the balancer (messages at 200/s between sockets spread over the instances,
 * marketplace searches, notification and dossier reads, dossier transitions) for over a minute, restarts each
 * instance in turn (SIGTERM, then started again) and kills one with SIGKILL, then checks that nothing acknowledged
 * was lost or duplicated, that no 5xx came from an instance that was not draining, that periodic jobs and a report
 * schedule ran once per occurrence, that a rate limit reached on one instance holds on the others, and prints the
 * sockets' reconnect times and the throughput before, during and after the restarts.
 * Prints its checks, a table, then one JSON line; exits non-zero when a rule is broken. CLUSTER_KEEP=1 keeps the
 * work directory (logs of every process) even when all passed.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { api, json } from '../faults/http.ts';
import { signInCast, verify } from '../faults/load.ts';
import { check, checks, results, round2 } from '../faults/report.ts';
import { haproxyInstalled } from '../support/haproxy.ts';
import { pgbouncerInstalled } from '../support/pgbouncer.ts';
import { sleep } from '../support/waiting.ts';
import { talkers } from './cast.ts';
import {
  limitReachedOnOne,
  periodicJobs,
  scheduleRuns,
  scheduleSoon,
  throttledOnOne,
  topStatements,
} from './checks.ts';
import { percentile, phaseThroughput } from './figures.ts';
import { Fleet } from './fleet.ts';
import { ClusterLoad, walk } from './load.ts';

const INSTANCES = 3;
const MESSAGES_PER_SECOND = Number(process.env.CLUSTER_MESSAGES_PER_SECOND ?? 200);
const SIMULATION_LIMIT = 20;
/** Seconds of load before the first restart, between restarts, and after the last. */
const CALM_SECONDS = 15;
const BETWEEN_SECONDS = 8;

if (!pgbouncerInstalled || !haproxyInstalled) {
  console.error('test:cluster needs Debian’s pgbouncer and haproxy (apt-get install pgbouncer haproxy)');
  process.exit(1);
}
process.on('unhandledRejection', (error) => check('the suite itself threw nothing', false, String(error)));

const started = performance.now();
const work = await mkdtemp(path.join(os.tmpdir(), 'ft-cluster-'));
// As root, PostgreSQL runs as the 'postgres' user, who must reach its data directory inside.
await chmod(work, 0o755);
console.log(`Cluster suite (work directory ${work})`);
const fleet = await Fleet.start(work, INSTANCES, {
  AUTH_RATE_LIMIT_PER_MINUTE: '100000',
  SEARCH_RATE_LIMIT_PER_MINUTE: '1000000',
  SIMULATION_RATE_LIMIT_PER_MINUTE: String(SIMULATION_LIMIT),
  SOCKET_MESSAGES_PER_SECOND: '1000',
  SOCKET_MESSAGE_BURST: '1000',
  ACCESS_TOKEN_TTL_SECONDS: '3600',
  SHUTDOWN_DRAIN_MS: '1500',
  SHUTDOWN_TIMEOUT_MS: '10000',
});
let exitCode = 1;
try {
  console.log(`  fleet up in ${round2((performance.now() - started) / 1000)} s: ${fleet.url}`);
  const cast = await signInCast(fleet.url, 60);
  const people = await talkers(fleet.url, cast, 100);
  console.log(
    `  ${people.length} people in ${people.reduce((n, t) => n + t.conversations.length, 0) / 2} conversations`,
  );

  console.log('\n== A rate limit reached on one instance');
  const limited = await limitReachedOnOne(
    fleet.instances.map((i) => i.process.baseUrl),
    SIMULATION_LIMIT,
  );
  check(
    'a rate limit reached on one instance holds on the others',
    limited.onFirst.at(-1) === 429 && limited.onOthers.every((s) => s === 429),
    `first instance's last answer ${limited.onFirst.at(-1)}, the others' ${limited.onOthers.join(', ')}`,
  );
  results.rate_limit_shared = limited.onOthers.every((s) => s === 429);
  const throttled = await throttledOnOne(fleet.instances.map((i) => i.process.baseUrl));
  check(
    'a login back-off started on one instance holds on the others',
    throttled.onFirst === 429 && throttled.onOthers.every((s) => s === 429),
    `first instance ${throttled.onFirst}, the others ${throttled.onOthers.join(', ')}`,
  );

  const schedule = await scheduleSoon(fleet.url, cast.admin, 1.5);
  console.log(`\n== Load through the balancer (schedule due at ${schedule.dueAt.toISOString()})`);
  const loadFrom = new Date();
  const load = new ClusterLoad(fleet.url, cast, { messagesPerSecond: MESSAGES_PER_SECOND, talkers: people });
  load.start();
  await sleep(CALM_SECONDS * 1000);
  for (let i = 0; i < INSTANCES; i++) {
    const restart = await fleet.restart(i, 'SIGTERM');
    console.log(
      `  ${restart.instance} restarted (SIGTERM): exit code ${restart.exitCode}, stopped in ${restart.stopMs} ms, serving again after ${restart.readyMs} ms`,
    );
    await sleep(BETWEEN_SECONDS * 1000);
  }
  const killed = await fleet.restart(1, 'SIGKILL');
  console.log(`  ${killed.instance} killed (SIGKILL), serving again after ${killed.readyMs} ms`);
  await sleep(CALM_SECONDS * 1000);
  await load.stop();
  const loadTo = new Date();
  const pendingAtStop = load.messages.pending.size;
  await load.drain();

  console.log('\n== Verification');
  const v = await verify(fleet.url, load.messages);
  let lostDossiers = 0;
  for (const [id, dossier] of load.dossiers) {
    const answer = await api(fleet.url, 'GET', `/api/dossiers/${id}`, {
      token: dossier.token,
      timeoutMs: 30_000,
    });
    const status = answer.status === 200 ? json<{ status: (typeof walk)[number] }>(answer).status : null;
    if (!status || walk.indexOf(status) < walk.indexOf(dossier.acked)) lostDossiers++;
  }
  const transitions = load.tally.count(() => true);
  const outside = load.failures.filter((f) => f.status >= 500 && !fleet.unavailable(f.servedBy, f.at));
  // A request left unanswered (no answer within 10 s) while an instance restarts may have been on it.
  const unanswered = load.failures.filter((f) => f.status === 0 && !fleet.unavailable(undefined, f.at));
  // pg-boss creates a minute's cron job within that minute, which starts within the next (its share of it); the
  // run then builds and mails its report.
  const runs = await scheduleRuns(
    fleet.url,
    cast.admin,
    schedule.id,
    new Date(schedule.dueAt.getTime() + 210_000),
  );
  const jobs = await periodicJobs(fleet.pg.url, loadFrom, loadTo);
  const graceful = fleet.restarts.filter((r) => r.how === 'SIGTERM');
  const phases = phaseThroughput(load, fleet.restarts);

  Object.assign(results, {
    instances: INSTANCES,
    load_seconds: round2((loadTo.getTime() - loadFrom.getTime()) / 1000),
    messages_per_second_asked: MESSAGES_PER_SECOND,
    messages_sent: load.offered,
    messages_not_sent_fleet_busy: load.notSent,
    messages_acked: load.messages.acked.size,
    messages_unacked_at_stop: pendingAtStop,
    messages_heard_live_ratio: round2(load.heardLive.size / Math.max(1, load.messages.socketAcks)),
    dossiers_tracked: load.dossiers.size,
    requests: transitions,
    lost: v.lost + lostDossiers,
    duplicated: v.duplicated,
    errors_5xx: outside.length,
    errors_5xx_draining: load.failures.filter((f) => f.status >= 500).length - outside.length,
    unanswered: unanswered.length,
    unanswered_during_restarts: load.failures.filter((f) => f.status === 0).length - unanswered.length,
    jobs_duplicated: jobs.duplicated + Math.max(0, runs.length - 1),
    jobs_missed: jobs.missed,
    periodic_job_occurrences: jobs.occurrences,
    schedule_runs: runs.length,
    message_ack_p50_ms: round2(percentile(load.acksMs, 0.5)),
    message_ack_p99_ms: round2(percentile(load.acksMs, 0.99)),
    reconnects: load.reconnectsMs.length,
    reconnect_p50_ms: round2(percentile(load.reconnectsMs, 0.5)),
    reconnect_p95_ms: round2(percentile(load.reconnectsMs, 0.95)),
    graceful_exit_codes: graceful.map((r) => r.exitCode).join(','),
    graceful_stop_max_ms: Math.max(...graceful.map((r) => r.stopMs)),
    throughput_before: phases.before,
    throughput_during: phases.during,
    throughput_after: phases.after,
    server_error_logs: fleet.errorLines().length,
  });
  check('no acknowledged message lost', v.lost === 0, `${v.lost} of ${load.messages.acked.size}`);
  check('no message stored twice', v.duplicated === 0, `${v.duplicated}`);
  check('no acknowledged dossier write lost', lostDossiers === 0, `${lostDossiers} of ${load.dossiers.size}`);
  check(
    'no 5xx outside a draining instance',
    outside.length === 0,
    outside
      .slice(0, 5)
      .map((f) => `${f.status} ${f.servedBy ?? '-'} ${f.what} ${f.body}`)
      .join(' | '),
  );
  check(
    'every request answered outside the restarts (the balancer retried what a stopped instance could not take)',
    unanswered.length === 0,
    unanswered
      .slice(0, 5)
      .map((f) => `${f.what} at ${load.secondOf(f.at)} s`)
      .join(' | '),
  );
  check(
    'each periodic job ran at most once per occurrence',
    jobs.duplicated === 0,
    `${jobs.duplicated} duplicates ${jobs.duplicates.join(' | ')}`,
  );
  check(
    'no periodic job occurrence missed',
    jobs.missed === 0,
    `${jobs.missed} missed of ${jobs.names.join(', ')}`,
  );
  check(
    'the report schedule ran exactly once, and was sent',
    runs.length === 1 && runs[0]?.status === 'sent',
    runs.map((r) => `${r.dueAt} ${r.status}`).join(', '),
  );
  check(
    'every SIGTERM ended with exit code 0',
    graceful.every((r) => r.exitCode === 0),
    `${results.graceful_exit_codes}`,
  );
  check('every message sent live was acknowledged or sent again', load.messages.pending.size === 0);
  check(
    'no instance died by itself',
    fleet.instances.every(({ process }) => !process.crashed),
  );
  check(
    'no error logged by any instance',
    fleet.errorLines().length === 0,
    fleet.errorLines().slice(0, 3).join(' | '),
  );

  console.log('\n| phase | requests/s | messages/s | failed/s |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [phase, t] of Object.entries(phases.detail)) {
    console.log(`| ${phase} | ${t.ok} | ${t.messages} | ${t.failed} |`);
  }
  console.log(`\nanswers: ${load.tally.summary()}; refused sendings: ${JSON.stringify([...load.ackErrors])}`);
  if (process.env.CLUSTER_TOP_STATEMENTS) {
    console.log('\nStatements by database time:');
    for (const line of await topStatements(fleet.pg.url, Number(process.env.CLUSTER_TOP_STATEMENTS)))
      console.log(line);
  }
  results.seconds = round2((performance.now() - started) / 1000);
  exitCode = checks.every((c) => c.ok) ? 0 : 1;
} catch (error) {
  check('the suite ran to its end', false, String((error as Error).stack ?? error));
} finally {
  await fleet.stop();
}
for (const c of checks.filter((c) => !c.ok)) console.log(`FAILED: ${c.name} ${c.detail}`);
console.log(
  `cluster: ${checks.filter((c) => c.ok).length} passed, ${checks.filter((c) => !c.ok).length} failed`,
);
if (exitCode === 0 && process.env.CLUSTER_KEEP !== '1') await rm(work, { recursive: true, force: true });
else console.log(`work directory kept: ${work}`);
console.log(JSON.stringify({ suite: 'cluster', results }));
process.exit(exitCode);
