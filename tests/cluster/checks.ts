/**
 * What the cluster suite checks beside the load's ledgers: a rate limit counted once for the whole fleet, a report
 * schedule's occurrence run once whatever the number of instances, and the job runner's periodic jobs run once per
 * occurrence (none twice, none missed).
 */
import pg from 'pg';
import { api, json } from '../faults/http.ts';
import type { Person } from '../faults/load.ts';
import { sleep } from '../support/waiting.ts';

/**
 * Exhausts the simulations' per-address limit (`limit` a minute) on one instance, asked directly, then asks each
 * other instance once: all must refuse. Returns the statuses the others answered.
 */
export async function limitReachedOnOne(
  instances: string[],
  limit: number,
): Promise<{ onFirst: number[]; onOthers: number[] }> {
  const [first, ...others] = instances;
  const onFirst: number[] = [];
  for (let i = 0; i <= limit; i++) {
    onFirst.push((await api(first!, 'POST', '/api/simulations', { body: { answers: {} } })).status);
  }
  const onOthers: number[] = [];
  for (const other of others)
    onOthers.push((await api(other, 'POST', '/api/simulations', { body: { answers: {} } })).status);
  return { onFirst, onOthers };
}

/**
 * Wrong passwords for one e-mail on one instance until it throttles them, then one attempt on each other instance:
 * all must refuse (429 LOGIN_THROTTLED) while the back-off lasts. Returns the other instances' answers.
 */
export async function throttledOnOne(instances: string[]): Promise<{ onFirst: number; onOthers: number[] }> {
  const [first, ...others] = instances;
  const body = { email: `inconnu.${Date.now()}@example.fr`, password: 'pas-le-bon-mot-de-passe' };
  let onFirst = 0;
  for (let i = 0; i < 12 && onFirst !== 429; i++) {
    onFirst = (await api(first!, 'POST', '/api/auth/login', { body })).status;
  }
  const onOthers: number[] = [];
  for (const other of others) onOthers.push((await api(other, 'POST', '/api/auth/login', { body })).status);
  return { onFirst, onOthers };
}

/** Hour and minute in Paris `minutesAhead` from now (rounded up to the next whole minute). */
function parisTimeIn(minutesAhead: number): { hour: number; minute: number; at: Date } {
  const at = new Date(Math.ceil((Date.now() + minutesAhead * 60_000) / 60_000) * 60_000);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { hour: part('hour'), minute: part('minute'), at };
}

/** A daily report schedule whose next occurrence falls `minutesAhead` from now, while the fleet restarts. */
export async function scheduleSoon(url: string, admin: Person, minutesAhead: number) {
  const { hour, minute, at } = parisTimeIn(minutesAhead);
  const answer = await api(url, 'POST', '/api/report-schedules', {
    token: admin.token,
    body: {
      name: 'Essai de flotte',
      type: 'platform',
      params: {},
      format: 'csv',
      frequency: 'daily',
      hour,
      minute,
      recipients: ['direction@example.fr'],
    },
  });
  if (answer.status !== 201) throw new Error(`schedule: ${answer.status} ${answer.body}`);
  return { id: json<{ id: string }>(answer).id, dueAt: at };
}

/**
 * The schedule's runs once its occurrence has had time to finish, or `deadline` passed: a time after the occurrence's
 * due time, not after the load (which may end before it).
 */
export async function scheduleRuns(url: string, admin: Person, id: string, deadline: Date) {
  for (;;) {
    const answer = await api(url, 'GET', `/api/report-schedules/${id}/runs`, { token: admin.token });
    const runs =
      answer.status === 200 ? json<{ items: { status: string; dueAt: string }[] }>(answer).items : [];
    const settled = runs.length > 0 && runs.every((r) => r.status === 'sent' || r.status === 'failed');
    if (settled || Date.now() > deadline.getTime()) return runs;
    await sleep(1000);
  }
}

export type PeriodicJobs = {
  occurrences: number;
  duplicated: number;
  duplicates: string[];
  missed: number;
  names: string[];
};

/**
 * The job runner's every-minute jobs (pg-boss schedules) between `from` and `to`: each whole minute must have
 * exactly one job of each, whichever instance's clock monitor created it, restarts and a kill included.
 */
export async function periodicJobs(directUrl: string, from: Date, to: Date): Promise<PeriodicJobs> {
  const client = new pg.Client({ connectionString: directUrl });
  await client.connect();
  try {
    const { rows: schedules } = await client.query<{ name: string }>(
      "SELECT name FROM pgboss.schedule WHERE cron = '* * * * *' ORDER BY name",
    );
    const names = schedules.map((s) => s.name);
    const { rows } = await client.query<{ name: string; minute: Date; n: number; detail: string }>(
      // A cron job's minute is its one-per-minute slot (when its occurrence was sent), not its start, which waits
      // for its share of the minute (cron-schedules.ts) and may fall in the next.
      `SELECT name, singleton_on AT TIME ZONE 'UTC' AS minute, count(*)::int AS n,
              string_agg(concat_ws(' ', state, singleton_on, created_on, start_after, retry_count), '; ') AS detail
         FROM pgboss.job
        WHERE name = ANY($1) AND singleton_on AT TIME ZONE 'UTC' >= $2 AND singleton_on AT TIME ZONE 'UTC' < $3
        GROUP BY 1, 2`,
      [names, from, to],
    );
    const firstMinute = Math.ceil(from.getTime() / 60_000);
    const lastMinute = Math.floor(to.getTime() / 60_000) - 1;
    let missed = 0;
    for (const name of names) {
      for (let m = firstMinute; m <= lastMinute; m++) {
        if (!rows.some((r) => r.name === name && r.minute.getTime() === m * 60_000)) missed++;
      }
    }
    return {
      occurrences: rows.reduce((sum, r) => sum + r.n, 0),
      duplicated: rows.reduce((sum, r) => sum + Math.max(0, r.n - 1), 0),
      duplicates: rows.filter((r) => r.n > 1).map((r) => `${r.name}: ${r.detail}`),
      missed,
      names,
    };
  } finally {
    await client.end();
  }
}

/** The statements that took the database's time (pg_stat_statements), to see where a fleet's load goes. */
export async function topStatements(directUrl: string, count: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: directUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ ms: number; calls: number; query: string }>(
      `SELECT round(total_exec_time)::int AS ms, calls::int, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query
         FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT $1`,
      [count],
    );
    return rows.map((r) => `${String(r.ms).padStart(7)} ms ${String(r.calls).padStart(7)} calls  ${r.query}`);
  } catch {
    return ['pg_stat_statements is not available'];
  } finally {
    await client.end();
  }
}
