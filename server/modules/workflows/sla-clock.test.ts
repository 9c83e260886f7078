import { describe, expect, it } from 'vitest';
import { pauseClock, resumeClock, startClock, stopClock, usedMs } from './sla-clock.ts';

const HOUR = 3_600_000;
const at = (iso: string) => new Date(iso);
const iso = (date: Date | null) => date?.toISOString() ?? null;
const RATIO = 0.75;

/** 8 business hours entered on Monday 6 January 2025 at 09:00. */
const eightHours = () =>
  startClock({ amount: 8, unit: 'business_hours' }, at('2025-01-06T09:00:00+01:00'), RATIO);

describe('startClock', () => {
  it('warns at 75 % of the SLA and falls due at its end', () => {
    const clock = eightHours();
    expect(clock).toMatchObject({ slaMs: 8 * HOUR, slaUnit: 'business_hours', consumedMs: 0, pausedMs: 0 });
    expect(iso(clock.warnAt)).toBe(iso(at('2025-01-06T15:00:00+01:00')));
    expect(iso(clock.dueAt)).toBe(iso(at('2025-01-06T17:00:00+01:00')));
  });

  it.each([
    [
      'business days',
      { amount: 2, unit: 'business_days' as const },
      '2025-01-10T12:00:00+01:00',
      '2025-01-14T00:00:00+01:00',
      '2025-01-14T12:00:00+01:00',
    ],
    [
      'hours',
      { amount: 4, unit: 'hours' as const },
      '2025-01-10T17:00:00+01:00',
      '2025-01-10T20:00:00+01:00',
      '2025-01-10T21:00:00+01:00',
    ],
  ])('places the deadlines in %s', (_, sla, entered, warnAt, dueAt) => {
    const clock = startClock(sla, at(entered), RATIO);
    expect([iso(clock.warnAt), iso(clock.dueAt)]).toEqual([iso(at(warnAt)), iso(at(dueAt))]);
  });

  it('runs without deadlines when the step has no SLA', () => {
    const entered = at('2025-01-06T09:00:00+01:00');
    expect(startClock(null, entered, RATIO)).toMatchObject({
      slaMs: null,
      runningSince: entered,
      warnAt: null,
      dueAt: null,
    });
  });
});

describe('pauseClock', () => {
  it('banks the counted time and clears the deadlines', () => {
    const paused = pauseClock(eightHours(), at('2025-01-06T11:00:00+01:00'), 'documents_requested');
    expect(paused).toMatchObject({
      consumedMs: 2 * HOUR,
      runningSince: null,
      pausedSince: at('2025-01-06T11:00:00+01:00'),
      pauseReason: 'documents_requested',
      warnAt: null,
      dueAt: null,
    });
  });

  it('only takes the new reason when already paused', () => {
    const paused = pauseClock(eightHours(), at('2025-01-06T11:00:00+01:00'), 'documents_requested');
    const again = pauseClock(paused, at('2025-01-06T12:00:00+01:00'), 'awaiting_reply');
    expect(again).toEqual({ ...paused, pauseReason: 'awaiting_reply' });
  });

  it('leaves a stopped clock alone', () => {
    const stopped = stopClock(eightHours(), at('2025-01-06T10:00:00+01:00'));
    expect(pauseClock(stopped, at('2025-01-06T11:00:00+01:00'), 'awaiting_reply')).toBe(stopped);
  });
});

describe('resumeClock', () => {
  it('shifts the deadlines by the counted time spent paused', () => {
    const paused = pauseClock(eightHours(), at('2025-01-06T11:00:00+01:00'), 'documents_requested');
    const resumed = resumeClock(paused, at('2025-01-07T10:00:00+01:00'), RATIO);
    expect(resumed).toMatchObject({
      consumedMs: 2 * HOUR,
      pausedMs: 23 * HOUR,
      pausedSince: null,
      pauseReason: null,
    });
    expect(iso(resumed.runningSince)).toBe(iso(at('2025-01-07T10:00:00+01:00')));
    expect(iso(resumed.warnAt)).toBe(iso(at('2025-01-07T14:00:00+01:00')));
    expect(iso(resumed.dueAt)).toBe(iso(at('2025-01-07T16:00:00+01:00')));
  });

  it('keeps a warning already past at the resumption', () => {
    const paused = pauseClock(eightHours(), at('2025-01-06T16:00:00+01:00'), 'awaiting_reply');
    const resumed = resumeClock(paused, at('2025-01-07T10:00:00+01:00'), RATIO);
    expect(iso(resumed.warnAt)).toBe(iso(at('2025-01-07T10:00:00+01:00')));
    expect(iso(resumed.dueAt)).toBe(iso(at('2025-01-07T11:00:00+01:00')));
  });

  it('moves nothing for a pause outside business hours', () => {
    const clock = startClock({ amount: 8, unit: 'business_hours' }, at('2025-01-06T14:00:00+01:00'), RATIO);
    const paused = pauseClock(clock, at('2025-01-06T18:30:00+01:00'), 'awaiting_reply');
    const resumed = resumeClock(paused, at('2025-01-07T08:00:00+01:00'), RATIO);
    expect(iso(resumed.dueAt)).toBe(iso(at('2025-01-07T13:00:00+01:00')));
    expect(iso(resumed.dueAt)).toBe(iso(clock.dueAt));
  });

  it('leaves a running clock alone', () => {
    const clock = eightHours();
    expect(resumeClock(clock, at('2025-01-06T11:00:00+01:00'), RATIO)).toBe(clock);
  });
});

describe('stopClock and usedMs', () => {
  it('stops a running clock with its counted time', () => {
    const stopped = stopClock(eightHours(), at('2025-01-07T10:00:00+01:00'));
    expect(stopped).toMatchObject({ consumedMs: 10 * HOUR, runningSince: null, pausedSince: null });
    expect(usedMs(stopped, at('2025-01-09T10:00:00+01:00'))).toBe(10 * HOUR);
  });

  it('closes the pause of a clock stopped while paused', () => {
    const paused = pauseClock(eightHours(), at('2025-01-06T11:00:00+01:00'), 'documents_requested');
    const stopped = stopClock(paused, at('2025-01-06T15:00:00+01:00'));
    expect(stopped).toMatchObject({
      consumedMs: 2 * HOUR,
      pausedMs: 4 * HOUR,
      pausedSince: null,
      pauseReason: null,
    });
  });

  it('counts the running time of a running clock', () => {
    expect(usedMs(eightHours(), at('2025-01-06T20:00:00+01:00'))).toBe(9 * HOUR);
  });

  it('counts nothing more while paused', () => {
    const paused = pauseClock(eightHours(), at('2025-01-06T11:00:00+01:00'), 'documents_requested');
    expect(usedMs(paused, at('2025-01-08T11:00:00+01:00'))).toBe(2 * HOUR);
  });
});
