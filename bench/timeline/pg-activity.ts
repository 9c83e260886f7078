import pg from 'pg';

/** What PostgreSQL did during one window, read from its statistics views. */
export type PgSample = {
  /** End of the window, wall-clock milliseconds. */
  at: number;
  /** Checkpoints that completed in the window. */
  checkpointsDone: number;
  /** The checkpointer was writing or syncing when sampled (a spread checkpoint in progress). */
  checkpointWriting: boolean;
  walMb: number;
  /** What autovacuum workers were doing when sampled, e.g. "VACUUM public.messages". */
  autovacuum: string[];
  /** Tables whose autovacuum / autoanalyze counters moved in the window (runs too short to be seen working). */
  autovacuumDone: string[];
  /** Background jobs started / completed in the window, by name. */
  jobs: { name: string; started: number; completed: number }[];
  /**
   * What the product's connections were waiting on while running a statement, sampled every WAIT_SAMPLE_MS: samples
   * by wait event ("IO:WALSync", "Lock:transactionid"; "CPU" when running, not waiting), most frequent first.
   */
  waits: [string, number][];
};

/** How often the product's active connections are looked at: a stall of a few tens of milliseconds shows. */
const WAIT_SAMPLE_MS = 20;

type Counters = { checkpoints: number; walBytes: number; tables: Map<string, string> };

/**
 * Polls PostgreSQL's statistics once a `intervalMs` on a connection of its own and hands each window to `report`:
 * checkpoints (pg_stat_checkpointer from PostgreSQL 17, pg_stat_bgwriter before), WAL volume, autovacuum workers at
 * work and the tables they finished, and pg-boss jobs started and completed. A handful of catalogue reads a second:
 * cheap beside what is measured. `waits: false` leaves out the wait events (and their read every WAIT_SAMPLE_MS).
 */
export async function startPgActivity(
  url: string,
  report: (sample: PgSample) => void,
  { intervalMs = 1000, waits: sampled = true }: { intervalMs?: number; waits?: boolean } = {},
): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: url, application_name: 'bench-timeline' });
  await client.connect();
  const probe = await client.query<{ checkpointer: boolean; jobs: boolean }>(
    `SELECT to_regclass('pg_catalog.pg_stat_checkpointer') IS NOT NULL AS checkpointer,
            to_regclass('pgboss.job') IS NOT NULL AS jobs`,
  );
  const { checkpointer, jobs } = probe.rows[0]!;
  const checkpointsSql = checkpointer
    ? 'SELECT num_timed + num_requested FROM pg_stat_checkpointer'
    : 'SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter';
  const jobsSql = jobs
    ? `(SELECT coalesce(json_agg(j ORDER BY j.name), '[]') FROM (
         SELECT name, count(*) FILTER (WHERE started_on > $1)::int AS started,
                count(*) FILTER (WHERE completed_on > $1)::int AS completed
         FROM pgboss.job WHERE started_on > $1 OR completed_on > $1 GROUP BY name) j)`
    : `(SELECT '[]'::json WHERE $1::timestamptz IS NOT NULL)`;
  // One statement a window: a single connection runs one query at a time.
  const windowSql = `SELECT (${checkpointsSql})::bigint AS checkpoints,
      (SELECT wal_bytes FROM pg_stat_wal)::bigint AS wal_bytes,
      (SELECT coalesce(json_agg(json_build_object('type', backend_type, 'query', query, 'wait', wait_event)), '[]')
         FROM pg_stat_activity WHERE backend_type IN ('autovacuum worker', 'checkpointer')) AS activity,
      (SELECT coalesce(json_object_agg(relname, autovacuum_count || '/' || autoanalyze_count), '{}')
         FROM pg_stat_user_tables WHERE schemaname = 'public') AS tables,
      ${jobsSql} AS jobs`;
  const read = async (since: Date) => {
    const { rows } = await client.query<{
      checkpoints: string;
      wal_bytes: string;
      activity: { type: string; query: string; wait: string | null }[];
      tables: Record<string, string>;
      jobs: PgSample['jobs'];
    }>(windowSql, [since]);
    const row = rows[0]!;
    return {
      counters: {
        checkpoints: Number(row.checkpoints),
        walBytes: Number(row.wal_bytes),
        tables: new Map(Object.entries(row.tables)),
      } satisfies Counters,
      checkpointWriting: row.activity.some(
        (a) => a.type === 'checkpointer' && a.wait !== null && a.wait !== 'CheckpointerMain',
      ),
      autovacuum: row.activity
        .filter((a) => a.type === 'autovacuum worker' && a.query)
        .map((a) => a.query.replace(/^autovacuum:\s*/, '')),
      jobs: row.jobs,
    };
  };

  const waits = sampled ? await sampleWaits(url) : { take: () => [], stop: async () => {} };
  let since = new Date();
  let previous = (await read(since)).counters;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    if (stopped) return;
    running = (async () => {
      const windowStart = since;
      since = new Date();
      const now = await read(windowStart);
      report({
        at: performance.timeOrigin + performance.now(),
        checkpointsDone: now.counters.checkpoints - previous.checkpoints,
        checkpointWriting: now.checkpointWriting,
        walMb: (now.counters.walBytes - previous.walBytes) / 1e6,
        autovacuum: now.autovacuum,
        autovacuumDone: [...now.counters.tables]
          .filter(([table, counts]) => previous.tables.get(table) !== counts)
          .map(([table]) => table),
        jobs: now.jobs,
        waits: waits.take(),
      });
      previous = now.counters;
    })().catch((error) => console.error('timeline: PostgreSQL sample failed:', error.message));
  }, intervalMs);
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
    await Promise.all([client.end(), waits.stop()]);
  };
}

/**
 * Samples the wait events of the connections running a statement (other than the benchmark's own), on a connection
 * of its own; `take` hands back the counts since the previous call.
 */
async function sampleWaits(url: string) {
  const client = new pg.Client({ connectionString: url, application_name: 'bench-timeline-waits' });
  await client.connect();
  let counts = new Map<string, number>();
  let stopped = false;
  // Named, hence parsed and planned once: the view's rewriting and planning was most of what this sampling
  // cost PostgreSQL (about 7 % of its CPU under the messaging benchmark's load).
  const sampleSql = `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS wait
      FROM pg_stat_activity
      WHERE backend_type = 'client backend' AND state = 'active' AND pid <> pg_backend_pid()
        AND application_name NOT LIKE 'bench-%'`;
  const loop = (async () => {
    while (!stopped) {
      const started = performance.now();
      const { rows } = await client.query<{ wait: string }>({ name: 'wait-sample', text: sampleSql });
      for (const { wait } of rows) counts.set(wait, (counts.get(wait) ?? 0) + 1);
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, WAIT_SAMPLE_MS - (performance.now() - started))),
      );
    }
  })().catch((error) => console.error('timeline: wait sampling failed:', error.message));
  return {
    take(): [string, number][] {
      const taken = [...counts].sort((a, b) => b[1] - a[1]);
      counts = new Map();
      return taken;
    },
    async stop() {
      stopped = true;
      await loop;
      await client.end();
    },
  };
}

/**
 * What PostgreSQL did in the background during one measured phase, summed from a second's samples: seconds each
 * autovacuum task was seen at work (or tables it finished between two samples), checkpoints, background jobs started.
 */
export async function watchPgActivity(url: string): Promise<() => Promise<string>> {
  const autovacuumSeconds = new Map<string, number>();
  const finished = new Set<string>();
  const jobs = new Map<string, number>();
  let checkpoints = 0;
  let checkpointWritingSeconds = 0;
  // The waits are not summed: their read every 20 ms would only weigh on the phase measured.
  const stop = await startPgActivity(
    url,
    (sample) => {
      for (const work of sample.autovacuum)
        autovacuumSeconds.set(work, (autovacuumSeconds.get(work) ?? 0) + 1);
      for (const table of sample.autovacuumDone) finished.add(table);
      for (const job of sample.jobs) jobs.set(job.name, (jobs.get(job.name) ?? 0) + job.started);
      checkpoints += sample.checkpointsDone;
      if (sample.checkpointWriting) checkpointWritingSeconds++;
    },
    { waits: false },
  );
  return async () => {
    await stop();
    const parts = [
      ...[...autovacuumSeconds].map(([work, seconds]) => `autovacuum ${work} (${seconds} s)`),
      ...[...finished].map((table) => `autovacuum/analyze of ${table} done`),
      ...(checkpoints || checkpointWritingSeconds
        ? [`${checkpoints} checkpoints done, ${checkpointWritingSeconds} s writing one`]
        : []),
      ...[...jobs].filter(([, started]) => started > 0).map(([name, started]) => `job ${name} ×${started}`),
    ];
    return parts.length > 0 ? parts.join('; ') : 'nothing';
  };
}
