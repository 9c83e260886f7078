import type { SlaSpec, SlaUnit } from '../../../common/workflows.ts';

/**
 * Business time in Europe/Paris: working days are Monday to Friday except French national public holidays
 * (Alsace-Moselle's Good Friday and 26 December aside). `business_days` count the whole 24 h of working days,
 * `business_hours` count 09:00–18:00 of working days, `hours` and `days` count every millisecond.
 *
 * Counting happens on Paris local time ("local ms": the instant plus its UTC offset), where every calendar day
 * is 24 h long. France changes its clocks on Sundays, never a working day, so local and real durations agree on
 * every counted millisecond. Days are skipped arithmetically (whole weeks at once), holidays are cached per year:
 * a due date costs a few microseconds.
 */

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TIME_ZONE = 'Europe/Paris';

/** The counted part of a working day, in local ms from its midnight. */
const windows: Record<'business_days' | 'business_hours', { start: number; end: number }> = {
  business_days: { start: 0, end: DAY },
  business_hours: { start: 9 * HOUR, end: 18 * HOUR },
};

/** How many milliseconds an SLA counts: its amount of hours, or of 24 h days. */
export function slaMs(spec: SlaSpec): number {
  const unit = spec.unit === 'hours' || spec.unit === 'business_hours' ? HOUR : DAY;
  return spec.amount * unit;
}

// ── Public holidays ──────────────────────────────────────────────────────────────────────────────────────────

/** Easter Sunday (anonymous Gregorian algorithm), as a UTC day index. */
function easterDay(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dayIndex(year, month, day);
}

function dayIndex(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY;
}

const holidayCache = new Map<number, number[]>();

/** The year's public holidays as sorted day indices (days since 1970-01-01 on the Paris calendar). */
function holidayDays(year: number): number[] {
  let days = holidayCache.get(year);
  if (!days) {
    const easter = easterDay(year);
    days = [
      dayIndex(year, 1, 1),
      easter + 1, // Easter Monday
      dayIndex(year, 5, 1),
      dayIndex(year, 5, 8),
      easter + 39, // Ascension
      easter + 50, // Whit Monday
      dayIndex(year, 7, 14),
      dayIndex(year, 8, 15),
      dayIndex(year, 11, 1),
      dayIndex(year, 11, 11),
      dayIndex(year, 12, 25),
    ].sort((x, y) => x - y);
    holidayCache.set(year, days);
  }
  return days;
}

/** French national public holidays of a year, 'YYYY-MM-DD', in calendar order. */
export function frenchPublicHolidays(year: number): string[] {
  return holidayDays(year).map((d) => new Date(d * DAY).toISOString().slice(0, 10));
}

// ── Days ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** The year of a day index (arithmetic first, corrected: no Date built on the hot path). */
function yearOfDay(day: number): number {
  let year = Math.floor(day / 365.2425) + 1970;
  while (dayIndex(year, 1, 1) > day) year--;
  while (dayIndex(year + 1, 1, 1) <= day) year++;
  return year;
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function isWeekday(day: number): boolean {
  const w = weekday(day);
  return w !== 0 && w !== 6;
}

/** Every holiday of the years most dates fall in, as one set: the hot path tests a day without building a Date. */
const FIRST_YEAR = 1970;
const LAST_YEAR = 2199;
const AFTER_LAST_YEAR = dayIndex(LAST_YEAR + 1, 1, 1);
let commonHolidays: Set<number> | undefined;

function isHoliday(day: number): boolean {
  commonHolidays ??= new Set(
    Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, i) => holidayDays(FIRST_YEAR + i)).flat(),
  );
  if (day >= 0 && day < AFTER_LAST_YEAR) return commonHolidays.has(day);
  return holidayDays(yearOfDay(day)).includes(day);
}

function isWorking(day: number): boolean {
  return isWeekday(day) && !isHoliday(day);
}

/** Mondays to Fridays among the first `r` days of a week that starts on a Thursday (day 7w). */
const weekdaysInRemainder = [0, 1, 2, 2, 2, 3, 4];

/** Mondays to Fridays in [0, day). */
function weekdaysBefore(day: number): number {
  const weeks = Math.floor(day / 7);
  return weeks * 5 + (weekdaysInRemainder[day - weeks * 7] ?? 0);
}

/** Working days in [from, to). */
function workingDaysBetween(from: number, to: number): number {
  if (to <= from) return 0;
  let count = weekdaysBefore(to) - weekdaysBefore(from);
  for (let year = yearOfDay(from), last = yearOfDay(to - 1); year <= last; year++) {
    for (const h of holidayDays(year)) if (h >= from && h < to && isWeekday(h)) count--;
  }
  return count;
}

/** The `n`-th working day (n ≥ 1) strictly after `day`. */
function nthWorkingDayAfter(day: number, n: number): number {
  let cursor = day + 1;
  let needed = n;
  // Jump whole weeks while more than a week is needed: each jump counts at most 5 days, never overshooting.
  while (needed > 5) {
    const span = Math.floor((needed - 1) / 5) * 7;
    needed -= workingDaysBetween(cursor, cursor + span);
    cursor += span;
  }
  for (;;) {
    if (isWorking(cursor)) {
      needed--;
      if (needed === 0) return cursor;
    }
    cursor++;
  }
}

// ── Paris local time ────────────────────────────────────────────────────────────────────────────────────────

const parisFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
});

/** Europe/Paris's UTC offset at an instant, asked to Intl (minute precision). */
function intlOffset(instant: number): number {
  const floored = instant - (((instant % MINUTE) + MINUTE) % MINUTE);
  const p: Record<string, number> = {};
  for (const part of parisFormat.formatToParts(floored)) p[part.type] = Number(part.value);
  const local = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0);
  return local - floored;
}

/** A UTC year's offsets: `offsets[i]` applies from `starts[i]` on. */
type OffsetTable = { from: number; to: number; starts: number[]; offsets: number[] };
const offsetCache = new Map<number, OffsetTable>();
let lastTable: OffsetTable | undefined;

/** Finds the year's offset changes: checks every month's last minute, then bisects each change to the minute. */
function offsetTable(year: number): OffsetTable {
  const cached = offsetCache.get(year);
  if (cached) return cached;
  const from = Date.UTC(year, 0, 1);
  const table: OffsetTable = {
    from,
    to: Date.UTC(year + 1, 0, 1),
    starts: [from],
    offsets: [intlOffset(from)],
  };
  let current = table.offsets[0];
  for (let month = 0; month < 12; month++) {
    // Invariant: `low` has the current offset (the year's start, or the previous month's last minute).
    let low = month === 0 ? from : Date.UTC(year, month, 1) - MINUTE;
    let high = Date.UTC(year, month + 1, 1) - MINUTE;
    if (intlOffset(high) === current) continue;
    while (high - low > MINUTE) {
      const mid = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
      if (intlOffset(mid) === current) low = mid;
      else high = mid;
    }
    current = intlOffset(high);
    table.starts.push(high);
    table.offsets.push(current);
  }
  offsetCache.set(year, table);
  return table;
}

function offsetAt(instant: number): number {
  let table = lastTable;
  if (!table || instant < table.from || instant >= table.to) {
    table = offsetTable(new Date(instant).getUTCFullYear());
    lastTable = table;
  }
  let i = table.starts.length - 1;
  while (i > 0 && (table.starts[i] ?? 0) > instant) i--;
  return table.offsets[i] ?? 0;
}

function toLocal(instant: number): number {
  return instant + offsetAt(instant);
}

/** The instant showing a Paris local time (never asked for a time skipped or repeated by a clock change). */
function fromLocal(local: number): number {
  const guess = local - offsetAt(local);
  return local - offsetAt(guess);
}

/** Whether the Paris calendar day of this instant is a working day (not a weekend, not a public holiday). */
export function isWorkingDay(date: Date): boolean {
  return isWorking(Math.floor(toLocal(date.getTime()) / DAY));
}

// ── Counting ────────────────────────────────────────────────────────────────────────────────────────────────

/** Counted ms of day `day` before its local time `time` (ms since its midnight). */
function countedInDay(day: number, time: number, window: { start: number; end: number }): number {
  if (!isWorking(day)) return 0;
  return Math.min(Math.max(time, window.start), window.end) - window.start;
}

/** Counted milliseconds in [from, to) (0 when `to` is not after `from`). */
export function countedBetween(from: Date, to: Date, unit: SlaUnit): number {
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return 0;
  if (unit === 'hours' || unit === 'days') return end - start;
  const window = windows[unit];
  const a = toLocal(start);
  const b = toLocal(end);
  const dayA = Math.floor(a / DAY);
  const dayB = Math.floor(b / DAY);
  const beforeA = countedInDay(dayA, a - dayA * DAY, window);
  if (dayA === dayB) return countedInDay(dayB, b - dayB * DAY, window) - beforeA;
  const restOfA = countedInDay(dayA, DAY, window) - beforeA;
  const whole = workingDaysBetween(dayA + 1, dayB) * (window.end - window.start);
  return restOfA + whole + countedInDay(dayB, b - dayB * DAY, window);
}

/** The first instant at which `countedMs` have been counted since `from` (`from` itself for 0). */
export function addCounted(from: Date, countedMs: number, unit: SlaUnit): Date {
  const start = from.getTime();
  if (countedMs <= 0) return new Date(start);
  if (unit === 'hours' || unit === 'days') return new Date(start + countedMs);
  const window = windows[unit];
  const length = window.end - window.start;
  const local = toLocal(start);
  const day = Math.floor(local / DAY);
  const time = local - day * DAY;
  const left = countedInDay(day, DAY, window) - countedInDay(day, time, window);
  if (countedMs <= left) return new Date(fromLocal(day * DAY + Math.max(time, window.start) + countedMs));
  const remaining = countedMs - left;
  const days = Math.ceil(remaining / length);
  const last = nthWorkingDayAfter(day, days);
  return new Date(fromLocal(last * DAY + window.start + remaining - (days - 1) * length));
}
