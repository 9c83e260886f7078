/**
 * Quiet hours: a daily span of wall-clock time in the user's time zone ('22:00'–'07:00' spans midnight) during
 * which e-mails and pushes wait. Pure functions of an instant, the span and the zone; daylight-saving changes are
 * handled by converting through the zone's offset at the instants concerned.
 */
export type QuietHours = { start: string; end: string };

const DAY_MS = 86_400_000;

/** Whether the runtime knows this IANA time zone. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

type WallTime = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function wallTimeOf(at: Date, timeZone: string): WallTime {
  const parts = Object.fromEntries(
    formatterOf(timeZone)
      .formatToParts(at)
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, Number(p.value)]),
  );
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** How far ahead of UTC the zone's clocks are at `at`, in ms. */
function offsetAt(at: Date, timeZone: string): number {
  const w = wallTimeOf(at, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant the zone's clocks show this wall time (its first, if autumn shows it twice). A time skipped by a
 * spring-forward change (02:30 in Paris on the last Sunday of March) is read with the offset before the change,
 * which lands as far after the gap as it was into it (03:30).
 */
function instantOf(w: Omit<WallTime, 'second'>, timeZone: string): Date {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  const candidates = [asUtc - DAY_MS, asUtc + DAY_MS].map(
    (around) => new Date(asUtc - offsetAt(new Date(around), timeZone)),
  );
  const shown = candidates
    .filter((t) => sameWallTime(t, w, timeZone))
    .sort((a, b) => a.getTime() - b.getTime());
  return shown[0] ?? candidates[0]!;
}

function sameWallTime(at: Date, w: Omit<WallTime, 'second'>, timeZone: string): boolean {
  const seen = wallTimeOf(at, timeZone);
  return seen.day === w.day && seen.hour === w.hour && seen.minute === w.minute;
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

/**
 * When the quiet hours that hold `at` end, or null when `at` is outside them (or there are none, or start = end).
 * The end is the next time the zone's clocks show `end` after `at`.
 */
export function quietHoursEnd(at: Date, quiet: QuietHours | null, timeZone: string): Date | null {
  if (!quiet) return null;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return null;
  const wall = wallTimeOf(at, timeZone);
  const now = wall.hour * 60 + wall.minute;
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return null;
  // The end falls today when it is still ahead on the clock, else tomorrow (a span across midnight, before it).
  const daysAhead = now < end ? 0 : 1;
  const day = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + daysAhead));
  return instantOf(
    {
      year: day.getUTCFullYear(),
      month: day.getUTCMonth() + 1,
      day: day.getUTCDate(),
      hour: Math.floor(end / 60),
      minute: end % 60,
    },
    timeZone,
  );
}

/** When something due at `at` may go out: `at`, or the end of the quiet hours that hold it. */
export function outsideQuietHours(at: Date, quiet: QuietHours | null, timeZone: string): Date {
  return quietHoursEnd(at, quiet, timeZone) ?? at;
}
