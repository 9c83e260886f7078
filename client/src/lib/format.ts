import i18n from '../i18n/index.ts';
import { dateTimeFormat, numberFormat } from './intl.ts';

const locale = () => (i18n.language === 'en' ? 'en-GB' : 'fr-FR');

export function formatCents(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '—';
  return numberFormat(locale(), {
    style: 'currency',
    currency: 'EUR',
    maximumFractionDigits: 0,
  }).format(cents / 100);
}

export function formatDate(iso: string): string {
  return dateTimeFormat(locale(), { dateStyle: 'medium' }).format(new Date(iso));
}

export function formatDateTime(iso: string): string {
  return dateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** Parses a euro amount typed by a French or English user ("12 500,50", "12500.5") into cents. */
export function parseEuros(input: string): number | null {
  const normalised = input.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(normalised)) return null;
  return Math.round(Number(normalised) * 100);
}
