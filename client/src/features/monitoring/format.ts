import i18n from '../../i18n/index.ts';
import { dateTimeFormat, numberFormat } from '../../lib/intl.ts';

const locale = () => (i18n.language === 'en' ? 'en-GB' : 'fr-FR');

export function formatTime(iso: string): string {
  return dateTimeFormat(locale(), { timeStyle: 'medium' }).format(new Date(iso));
}

/** 0.42 ms, 12 ms, 1.3 s. */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${numberFormat(locale(), { maximumFractionDigits: 1 }).format(ms / 1000)} s`;
  return `${numberFormat(locale(), { maximumFractionDigits: ms < 10 ? 2 : 0 }).format(ms)} ms`;
}

export function formatPercent(share: number): string {
  return numberFormat(locale(), { style: 'percent', maximumFractionDigits: 2 }).format(share);
}

export function formatCount(n: number): string {
  return numberFormat(locale()).format(n);
}

const units = ['B', 'kB', 'MB', 'GB', 'TB'];
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${numberFormat(locale(), { maximumFractionDigits: 1 }).format(value)} ${units[unit]}`;
}

/** 45 s, 12 min, 3 h 20 min, 2 j 4 h (2 d 4 h in English). */
export function formatUptime(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  const day = i18n.language === 'en' ? 'd' : 'j';
  return `${Math.floor(s / 86_400)} ${day} ${Math.floor((s % 86_400) / 3600)} h`;
}
