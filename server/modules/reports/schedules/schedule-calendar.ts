/**
 * When a schedule runs and which period it reports: Europe/Paris wall time, whatever the daylight-saving changes
 * (08:00 in Paris is 07:00 UTC in winter and 06:00 in summer).
 */
import type { ScheduleFrequency } from '../../../../common/reports.ts';

export type Recurrence = {
  frequency: ScheduleFrequency;
  hour: number;
  minute: number;
  /** 1 (Monday) .. 7 (Sunday), weekly only. */
  weekday: number | null;
  /** 1..28, monthly only. */
  monthDay: number | null;
};

const dayMs = 86_400_000;
const parisParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The Paris calendar day of an instant, as a UTC midnight (calendar arithmetic without time zones). */
export function parisDay(at: Date): Date {
  const p = Object.fromEntries(parisParts.formatToParts(at).map((x) => [x.type, x.value]));
  return new Date(Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day)));
}

/** Minutes Paris is ahead of UTC at an instant. */
function parisOffsetMinutes(at: Date): number {
  const p = Object.fromEntries(parisParts.formatToParts(at).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
  );
  return Math.round((asUtc - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The instant of a Paris wall time on a day (`day` a UTC midnight). A time skipped by the spring change (02:30 on
 * the last Sunday of March) falls an hour later; a time repeated in autumn is taken the first time.
 */
export function parisWallTime(day: Date, hour: number, minute: number): Date {
  const wall = day.getTime() + (hour * 60 + minute) * 60_000;
  const first = new Date(wall - parisOffsetMinutes(new Date(wall - 60 * 60_000)) * 60_000);
  return new Date(wall - parisOffsetMinutes(first) * 60_000);
}

const isoWeekday = (day: Date) => ((day.getUTCDay() + 6) % 7) + 1;

function occursOn(r: Recurrence, day: Date): boolean {
  if (r.frequency === 'weekly') return isoWeekday(day) === r.weekday;
  if (r.frequency === 'monthly') return day.getUTCDate() === r.monthDay;
  return true;
}

/** The first occurrence strictly after `after`. */
export function nextRunAfter(r: Recurrence, after: Date): Date {
  const start = parisDay(after);
  for (let i = 0; i <= 62; i++) {
    const day = new Date(start.getTime() + i * dayMs);
    if (!occursOn(r, day)) continue;
    const at = parisWallTime(day, r.hour, r.minute);
    if (at > after) return at;
  }
  throw new Error('No occurrence within two months');
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The period a run due at `dueAt` reports: the last full day, week (Monday–Sunday) or month before it. */
export function reportedPeriod(frequency: ScheduleFrequency, dueAt: Date): { from: string; to: string } {
  const today = parisDay(dueAt);
  if (frequency === 'daily') {
    const yesterday = new Date(today.getTime() - dayMs);
    return { from: iso(yesterday), to: iso(yesterday) };
  }
  if (frequency === 'weekly') {
    const monday = new Date(today.getTime() - (isoWeekday(today) - 1) * dayMs);
    return { from: iso(new Date(monday.getTime() - 7 * dayMs)), to: iso(new Date(monday.getTime() - dayMs)) };
  }
  const firstOfMonth = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1));
  const lastMonthEnd = new Date(firstOfMonth.getTime() - dayMs);
  const lastMonthStart = new Date(Date.UTC(lastMonthEnd.getUTCFullYear(), lastMonthEnd.getUTCMonth(), 1));
  return { from: iso(lastMonthStart), to: iso(lastMonthEnd) };
}
