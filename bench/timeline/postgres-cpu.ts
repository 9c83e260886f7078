import { readdir, readFile } from 'node:fs/promises';
import pg from 'pg';
import { parseSchedstat } from './runtime-probe.ts';

/** CPU time and time spent waiting for a core, in ms. */
export type CpuTime = { cpuMs: number; coreWaitMs: number };

/** Each process's CPU time so far, by pid. */
export type ProcessCpuTimes = Map<number, CpuTime>;

/** A process's CPU time and run-queue wait so far (Linux's /proc/<pid>/schedstat, ns), or null if it is gone. */
async function cpuTimeOf(pid: number): Promise<CpuTime | null> {
  const stats = parseSchedstat(await readFile(`/proc/${pid}/schedstat`, 'latin1').catch(() => ''));
  return stats && { cpuMs: stats.onCoreNs / 1e6, coreWaitMs: stats.waitNs / 1e6 };
}

/** The parent of a process (the field after its name in /proc/<pid>/stat; the name may hold spaces). */
async function parentOf(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'latin1');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

/**
 * A reader of PostgreSQL's CPU time on this machine: its postmaster and every process it started (backends, WAL
 * writer, checkpointer, autovacuum workers), from /proc. Null when the server of `url` is not a process this
 * machine's /proc shows (another host, a container, another OS).
 */
export async function postgresCpuReader(url: string): Promise<(() => Promise<ProcessCpuTimes>) | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let postmaster: number | null;
  try {
    // The backend's parent, read while the backend lives (it ends with its connection).
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    postmaster = await parentOf(rows[0]!.pid);
  } finally {
    await client.end();
  }
  if (!postmaster) return null;
  const command = await readFile(`/proc/${postmaster}/cmdline`, 'latin1').catch(() => '');
  if (!command.includes('postgres')) return null;
  return async () => {
    const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number);
    const parents = await Promise.all(pids.map(parentOf));
    const server = [postmaster, ...pids.filter((_, i) => parents[i] === postmaster)];
    const times: ProcessCpuTimes = new Map();
    for (const pid of server) {
      const time = await cpuTimeOf(pid);
      if (time) times.set(pid, time);
    }
    return times;
  };
}

/** What a set of processes used between two readings; a process that ended in between is not counted. */
export function cpuBetween(before: ProcessCpuTimes, after: ProcessCpuTimes): CpuTime {
  let cpuMs = 0;
  let coreWaitMs = 0;
  for (const [pid, end] of after) {
    const start = before.get(pid) ?? { cpuMs: 0, coreWaitMs: 0 };
    cpuMs += end.cpuMs - start.cpuMs;
    coreWaitMs += end.coreWaitMs - start.coreWaitMs;
  }
  return { cpuMs, coreWaitMs };
}
