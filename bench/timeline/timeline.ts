import { percentiles, round2 } from '../support.ts';
import type { DiskSample } from './disk-flush.ts';
import type { PgSample } from './pg-activity.ts';
import type { RuntimeSample } from './runtime-probe.ts';

/** A second of the measured phase whose p99 is above this must have a named cause. */
export const STALL_P99_MS = 20;
/** A GC pause, event-loop delay or disk flush this long is a cause in itself. */
const RUNTIME_CAUSE_MS = 10;
/** A main thread that waited this long in a second for a core (the machine's cores busy) is a cause. */
const CORE_WAIT_CAUSE_MS = 100;

export type TimelineRow = {
  second: number;
  sent: number;
  delivered: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  /** p99 of the secondary series (e.g. acks), when one is recorded. */
  second_p99_ms: number;
  loop_p99_ms: number;
  loop_max_ms: number;
  /** The server's CPU time in the second, and how long its main thread waited for a core (null: not known). */
  cpu_ms: number | null;
  core_wait_ms: number | null;
  gc: string;
  events: string[];
  /** Set on a second whose p99 exceeds STALL_P99_MS: what happened then, or "unexplained". */
  cause?: string;
};

const wallNow = () => performance.timeOrigin + performance.now();

/**
 * Per-second timeline of a measured phase: latencies bucketed by the second their operation started, beside what
 * the server's runtime (RuntimeSample), PostgreSQL (PgSample) and the disk under its data (DiskSample) did in that
 * second.
 */
export class Timeline {
  private readonly origin = wallNow();
  private readonly sent = new Map<number, number>();
  private readonly latencies = new Map<number, number[]>();
  private readonly secondary = new Map<number, number[]>();
  private readonly runtime = new Map<number, RuntimeSample>();
  /** The load generator's own runtime: its pauses delay what it measures as much as the server's do. */
  private readonly generator = new Map<number, RuntimeSample>();
  private readonly database = new Map<number, PgSample>();
  private readonly disk = new Map<number, DiskSample>();

  /** The second (from the phase start) a local `performance.now()` instant falls in. */
  private secondOfLocal(at: number) {
    return Math.floor((performance.timeOrigin + at - this.origin) / 1000);
  }

  /** A window ending at `at` (wall clock) belongs to the second it mostly covered. */
  private secondOfWindowEnd(at: number) {
    return Math.floor((at - 500 - this.origin) / 1000);
  }

  recordSent(startedAt: number) {
    const s = this.secondOfLocal(startedAt);
    this.sent.set(s, (this.sent.get(s) ?? 0) + 1);
  }

  /** A latency of the measured series (e.g. delivery), or of the secondary one (e.g. the sender's ack). */
  recordLatency(startedAt: number, latencyMs: number, series: 'main' | 'secondary' = 'main') {
    const s = this.secondOfLocal(startedAt);
    const buckets = series === 'main' ? this.latencies : this.secondary;
    const list = buckets.get(s);
    if (list) list.push(latencyMs);
    else buckets.set(s, [latencyMs]);
  }

  /** A window of the server's runtime, or of one of the load generator's processes (their windows combine). */
  recordRuntime(sample: RuntimeSample, process: 'server' | 'generator' = 'server') {
    const samples = process === 'server' ? this.runtime : this.generator;
    const second = this.secondOfWindowEnd(sample.at);
    const other = samples.get(second);
    samples.set(second, other ? combined(other, sample) : sample);
  }

  recordDatabase(sample: PgSample) {
    this.database.set(this.secondOfWindowEnd(sample.at), sample);
  }

  recordDisk(sample: DiskSample) {
    this.disk.set(this.secondOfWindowEnd(sample.at), sample);
  }

  rows(): TimelineRow[] {
    const seconds = [...this.sent.keys(), ...this.latencies.keys()].filter((s) => s >= 0);
    const last = seconds.length ? Math.max(...seconds) : -1;
    const rows: TimelineRow[] = [];
    for (let second = 0; second <= last; second++) {
      const stats = percentiles(this.latencies.get(second) ?? []);
      const runtime = this.runtime.get(second);
      const events = [
        ...describePool(runtime),
        ...describeDisk(this.disk.get(second)),
        ...describeDatabase(this.database.get(second)),
      ];
      const row: TimelineRow = {
        second,
        sent: this.sent.get(second) ?? 0,
        delivered: stats.count,
        p50_ms: stats.p50_ms,
        p99_ms: stats.p99_ms,
        max_ms: stats.max_ms,
        second_p99_ms: percentiles(this.secondary.get(second) ?? []).p99_ms,
        loop_p99_ms: round2(runtime?.loopP99Ms ?? 0),
        loop_max_ms: round2(runtime?.loopMaxMs ?? 0),
        cpu_ms: runtime ? Math.round(runtime.cpuMs) : null,
        core_wait_ms: runtime?.coreWaitMs == null ? null : Math.round(runtime.coreWaitMs),
        gc: runtime
          ? `${runtime.gcCount}${runtime.gcMajor ? ` (${runtime.gcMajor} major)` : ''} ${round2(runtime.gcTotalMs)}/${round2(runtime.gcMaxMs)}`
          : '',
        events,
      };
      if (Math.max(row.p99_ms, row.second_p99_ms) > STALL_P99_MS) row.cause = this.causeOf(second);
      rows.push(row);
    }
    return rows;
  }

  /** What, in this second or the one before (a stall delays what was sent just after it), can explain a slow second. */
  private causeOf(second: number): string {
    const causes = new Set<string>();
    for (const [who, samples, threads] of [
      ['', this.runtime, 'main thread'],
      ['load generator ', this.generator, 'main threads'],
    ] as const) {
      const runtime = [samples.get(second - 1), samples.get(second)];
      const gcMax = Math.max(0, ...runtime.map((r) => r?.gcMaxMs ?? 0));
      const loopMax = Math.max(0, ...runtime.map((r) => r?.loopMaxMs ?? 0));
      const coreWait = Math.max(0, ...runtime.map((r) => r?.coreWaitMs ?? 0));
      if (gcMax >= RUNTIME_CAUSE_MS) causes.add(`${who}GC pause ${round2(gcMax)} ms`);
      if (loopMax >= RUNTIME_CAUSE_MS) causes.add(`${who}event loop blocked ${round2(loopMax)} ms`);
      if (coreWait >= CORE_WAIT_CAUSE_MS)
        causes.add(`${who}${threads} waited ${Math.round(coreWait)} ms for a core`);
    }
    for (const s of [second - 1, second]) {
      const runtime = this.runtime.get(s);
      const poolCauses = (runtime?.poolWaitMaxMs ?? 0) >= RUNTIME_CAUSE_MS ? describePool(runtime) : [];
      const diskCauses = describeDisk(this.disk.get(s));
      for (const event of [...poolCauses, ...diskCauses, ...describeDatabase(this.database.get(s))]) {
        causes.add(event);
      }
    }
    const waits = describeWaits(this.database.get(second));
    if (waits) causes.add(waits);
    return causes.size ? [...causes].join('; ') : 'unexplained';
  }

  /**
   * CPU time a second, on average over the seconds sampled: the server's and the load generator's (all its
   * processes), each with the time its main thread (threads, for the generator) waited for a core, or null.
   */
  cpuPerSecond(): Record<'server' | 'generator', CpuPerSecond | null> {
    return { server: averageCpu(this.runtime), generator: averageCpu(this.generator) };
  }
}

export type CpuPerSecond = { cpuMs: number; coreWaitMs: number | null };

function averageCpu(samples: Map<number, RuntimeSample>): CpuPerSecond | null {
  const seconds = [...samples].filter(([second]) => second >= 0).map(([, sample]) => sample);
  if (seconds.length === 0) return null;
  const waits = seconds.map((s) => s.coreWaitMs);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return {
    cpuMs: sum(seconds.map((s) => s.cpuMs)) / seconds.length,
    coreWaitMs: waits.includes(null) ? null : sum(waits as number[]) / seconds.length,
  };
}

/** Two processes' windows of the same second: the longest pauses, the pauses, CPU time and waits of both. */
function combined(a: RuntimeSample, b: RuntimeSample): RuntimeSample {
  return {
    at: Math.max(a.at, b.at),
    loopP99Ms: Math.max(a.loopP99Ms, b.loopP99Ms),
    loopMaxMs: Math.max(a.loopMaxMs, b.loopMaxMs),
    gcCount: a.gcCount + b.gcCount,
    gcTotalMs: a.gcTotalMs + b.gcTotalMs,
    gcMaxMs: Math.max(a.gcMaxMs, b.gcMaxMs),
    gcMajor: a.gcMajor + b.gcMajor,
    poolWaits: a.poolWaits + b.poolWaits,
    poolWaitMaxMs: Math.max(a.poolWaitMaxMs, b.poolWaitMaxMs),
    heapUsedMb: a.heapUsedMb + b.heapUsedMb,
    cpuMs: a.cpuMs + b.cpuMs,
    coreWaitMs: a.coreWaitMs === null || b.coreWaitMs === null ? null : a.coreWaitMs + b.coreWaitMs,
  };
}

/** What the product's statements waited on in a second, when they waited at all ("CPU": running). */
function describeWaits(sample: PgSample | undefined): string | null {
  const waiting = sample?.waits.filter(([wait]) => wait !== 'CPU') ?? [];
  if (waiting.length === 0) return null;
  return `statements waiting on ${waiting
    .slice(0, 4)
    .map(([wait, count]) => `${wait} ×${count}`)
    .join(', ')}`;
}

/** The server's checkouts that waited for a database connection (its pool busy), if any. */
function describePool(sample: RuntimeSample | undefined): string[] {
  if (!sample?.poolWaits) return [];
  return [
    `${sample.poolWaits} checkouts waited for a connection (longest ${round2(sample.poolWaitMaxMs)} ms)`,
  ];
}

/** A flush of the disk under PostgreSQL's data that took long enough to be a cause, if any (the probe's). */
function describeDisk(sample: DiskSample | undefined): string[] {
  if (!sample || sample.flushMaxMs < RUNTIME_CAUSE_MS) return [];
  return [`a disk flush took ${round2(sample.flushMaxMs)} ms`];
}

function describeDatabase(sample: PgSample | undefined): string[] {
  if (!sample) return [];
  const events: string[] = [];
  if (sample.checkpointsDone) events.push('checkpoint done');
  else if (sample.checkpointWriting) events.push('checkpoint writing');
  for (const work of sample.autovacuum) events.push(`autovacuum ${work}`);
  for (const table of sample.autovacuumDone) events.push(`autovacuum/analyze ${table} done`);
  for (const job of sample.jobs) {
    const parts = [job.started && `${job.started} started`, job.completed && `${job.completed} done`].filter(
      Boolean,
    );
    events.push(`job ${job.name} ${parts.join(', ')}`);
  }
  return events;
}

/** Prints the timeline, one line a second; slow seconds carry their cause. */
export function printTimeline(title: string, rows: TimelineRow[], secondaryName = 'ack') {
  console.log(`\n${title}`);
  console.log(
    `   s   sent   done    p50    p99     max ${secondaryName.padStart(3)}p99 │ loop p99/max │ cpu/wait │ gc n ms/max      │ what happened`,
  );
  for (const row of rows) {
    const flag = row.cause ? `⚠ ${row.cause}` : row.events.join('; ');
    console.log(
      [
        String(row.second).padStart(4),
        String(row.sent).padStart(6),
        String(row.delivered).padStart(6),
        row.p50_ms.toFixed(1).padStart(6),
        row.p99_ms.toFixed(1).padStart(6),
        row.max_ms.toFixed(1).padStart(7),
        row.second_p99_ms.toFixed(1).padStart(6),
        '│',
        `${row.loop_p99_ms.toFixed(1)}/${row.loop_max_ms.toFixed(1)}`.padStart(12),
        '│',
        (row.cpu_ms === null ? '' : `${row.cpu_ms}/${row.core_wait_ms ?? '–'}`).padStart(8),
        '│',
        row.gc.padEnd(16),
        '│',
        flag,
      ].join(' '),
    );
  }
}

/** The slow seconds of a timeline, for the final JSON line. */
export function stallsOf(rows: TimelineRow[]) {
  const slow = rows.filter((r) => r.cause);
  return {
    slow_seconds: slow.length,
    unexplained_seconds: slow.filter((r) => r.cause === 'unexplained').length,
    worst_second_p99_ms: rows.reduce((worst, r) => Math.max(worst, r.p99_ms), 0),
  };
}
