import type { MetricsPreset } from '../../../common/admin-metrics.ts';
import { dateTimeFormat } from '../lib/intl.ts';

// The contract's lists, repeated as types-checked values: common/admin-metrics.ts carries zod, which the pages'
// chunks do without (period.test.ts checks they match; reports allow the same longest period).
export const presets = ['today', '7d', '30d', 'quarter', 'year', 'custom'] as const satisfies MetricsPreset[];
export const maxDays = 1100;

/** A period of Paris days, both included, and the preset it comes from. */
export type PeriodRange = { preset: MetricsPreset; from: string; to: string };

export const defaultPreset = '30d' satisfies MetricsPreset;

const DAY_MS = 86_400_000;
const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** The day it is in Paris at `now` (the days of the figures are Paris days). */
export function parisToday(now: Date): string {
  // en-CA writes dates as YYYY-MM-DD.
  return dateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(now);
}

const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const toIso = (date: Date) => date.toISOString().slice(0, 10);

export function addDays(iso: string, days: number): string {
  return toIso(new Date(toDate(iso).getTime() + days * DAY_MS));
}

/** The same day `months` months later, on the month's last day when it has no such day (31 May − 3 months). */
export function addMonths(iso: string, months: number): string {
  const date = toDate(iso);
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return toIso(target);
}

/** Days from `from` to `to`, both included. */
export function daysIn(from: string, to: string): number {
  return Math.round((toDate(to).getTime() - toDate(from).getTime()) / DAY_MS) + 1;
}

export function isIsoDay(value: string | null | undefined): value is string {
  return !!value && isoDay.test(value) && toIso(toDate(value)) === value;
}

/** The rolling period of a preset that ends today: a quarter and a year are the last 3 and 12 months. */
export function presetRange(preset: Exclude<MetricsPreset, 'custom'>, today: string) {
  const from = {
    today: () => today,
    '7d': () => addDays(today, -6),
    '30d': () => addDays(today, -29),
    quarter: () => addDays(addMonths(today, -3), 1),
    year: () => addDays(addMonths(today, -12), 1),
  }[preset]();
  return { from, to: today };
}

/** Why the reader's own dates cannot be asked for, or null when they can. */
export function customRangeError(from: string, to: string): 'invalid' | 'order' | 'tooLong' | null {
  if (!isIsoDay(from) || !isIsoDay(to)) return 'invalid';
  if (from > to) return 'order';
  if (daysIn(from, to) > maxDays) return 'tooLong';
  return null;
}

/**
 * The period the URL asks for (`period`, and `from`, `to` for a custom one); anything missing or wrong gives way to
 * the default, so that a hand-edited link still shows a page.
 */
export function readRange(params: URLSearchParams, today: string): PeriodRange {
  const asked = params.get('period') as MetricsPreset | null;
  const preset = asked && presets.includes(asked) ? asked : defaultPreset;
  if (preset === 'custom') {
    const from = params.get('from') ?? '';
    const to = params.get('to') ?? '';
    if (customRangeError(from, to) === null) return { preset, from, to };
    return { preset: defaultPreset, ...presetRange(defaultPreset, today) };
  }
  return { preset, ...presetRange(preset, today) };
}

/** The URL parameters of a period: the dates only for a custom one (a preset moves with the days). */
export function rangeParams(range: PeriodRange): Record<string, string> {
  return range.preset === 'custom'
    ? { period: range.preset, from: range.from, to: range.to }
    : { period: range.preset };
}
