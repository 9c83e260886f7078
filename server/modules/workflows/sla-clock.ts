import type { PauseReason, SlaSpec, SlaUnit } from '../../../common/workflows.ts';
import { addCounted, countedBetween, slaMs } from './business-calendar.ts';

/**
 * A step's SLA clock (the SLA columns of `dossier_steps`), as pure values: each function returns a new clock.
 * The clock runs from `runningSince`, `consumedMs` holds the counted time used before it; pausing banks the counted
 * time and clears the deadlines, resuming restarts from the pause's end and recomputes them, so the time spent
 * waiting on the other party never counts. A step without SLA still runs a clock (wall time, no deadlines) so its
 * pauses are recorded all the same.
 */
export type SlaClock = {
  slaMs: number | null;
  slaUnit: SlaUnit | null;
  consumedMs: number;
  runningSince: Date | null;
  pausedMs: number;
  pausedSince: Date | null;
  pauseReason: PauseReason | null;
  warnAt: Date | null;
  dueAt: Date | null;
};

/** The clock columns of a `dossier_steps` row (bigint columns arrive as strings). */
export type StoredClock = Omit<SlaClock, 'slaMs' | 'consumedMs' | 'pausedMs'> & {
  slaMs: string | number | null;
  consumedMs: string | number;
  pausedMs: string | number;
};

/** A step row's clock. */
export function clockOf(row: StoredClock): SlaClock {
  return {
    slaMs: row.slaMs === null ? null : Number(row.slaMs),
    slaUnit: row.slaUnit,
    consumedMs: Number(row.consumedMs),
    runningSince: row.runningSince,
    pausedMs: Number(row.pausedMs),
    pausedSince: row.pausedSince,
    pauseReason: row.pauseReason,
    warnAt: row.warnAt,
    dueAt: row.dueAt,
  };
}

function unitOf(clock: SlaClock): SlaUnit {
  return clock.slaUnit ?? 'hours';
}

/** The warning and the deadline of a clock running from `at`: a warning already past falls at `at`. */
function deadlines(clock: SlaClock, at: Date, warningRatio: number): Pick<SlaClock, 'warnAt' | 'dueAt'> {
  if (clock.slaMs === null) return { warnAt: null, dueAt: null };
  const unit = unitOf(clock);
  return {
    warnAt: addCounted(at, Math.round(warningRatio * clock.slaMs) - clock.consumedMs, unit),
    dueAt: addCounted(at, clock.slaMs - clock.consumedMs, unit),
  };
}

export function startClock(sla: SlaSpec | null, at: Date, warningRatio: number): SlaClock {
  const clock: SlaClock = {
    slaMs: sla ? slaMs(sla) : null,
    slaUnit: sla?.unit ?? null,
    consumedMs: 0,
    runningSince: at,
    pausedMs: 0,
    pausedSince: null,
    pauseReason: null,
    warnAt: null,
    dueAt: null,
  };
  return { ...clock, ...deadlines(clock, at, warningRatio) };
}

/** Banks the counted time and stops the deadlines; a clock already paused only takes the new reason. */
export function pauseClock(clock: SlaClock, at: Date, reason: PauseReason): SlaClock {
  if (clock.pausedSince) return { ...clock, pauseReason: reason };
  if (!clock.runningSince) return clock;
  return {
    ...clock,
    consumedMs: usedMs(clock, at),
    runningSince: null,
    pausedSince: at,
    pauseReason: reason,
    warnAt: null,
    dueAt: null,
  };
}

/** Restarts a paused clock at `at`; a clock that is not paused is returned unchanged. */
export function resumeClock(clock: SlaClock, at: Date, warningRatio: number): SlaClock {
  if (!clock.pausedSince) return clock;
  const resumed: SlaClock = {
    ...clock,
    pausedMs: clock.pausedMs + Math.max(0, at.getTime() - clock.pausedSince.getTime()),
    pausedSince: null,
    pauseReason: null,
    runningSince: at,
  };
  return { ...resumed, ...deadlines(resumed, at, warningRatio) };
}

/** Stops the clock for good (the step is over): the counted time and any pause are banked, deadlines kept. */
export function stopClock(clock: SlaClock, at: Date): SlaClock {
  const pausedMs = clock.pausedSince
    ? clock.pausedMs + Math.max(0, at.getTime() - clock.pausedSince.getTime())
    : clock.pausedMs;
  return {
    ...clock,
    consumedMs: usedMs(clock, at),
    runningSince: null,
    pausedMs,
    pausedSince: null,
    pauseReason: null,
  };
}

/** Counted time used so far. */
export function usedMs(clock: SlaClock, at: Date): number {
  if (!clock.runningSince) return clock.consumedMs;
  return clock.consumedMs + countedBetween(clock.runningSince, at, unitOf(clock));
}
