import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { numberFormat } from '../../lib/intl.ts';

/** The dashboard's figures written in the reader's language: French by default, English when chosen. */
export function dashboardFormat(language: string) {
  const locale = language === 'en' ? 'en-GB' : 'fr-FR';
  const integer = numberFormat(locale, { maximumFractionDigits: 0 });
  const euros = numberFormat(locale, {
    style: 'currency',
    currency: 'EUR',
    maximumFractionDigits: 0,
  });
  const compactEuros = numberFormat(locale, {
    style: 'currency',
    currency: 'EUR',
    notation: 'compact',
    maximumFractionDigits: 1,
  });
  const compact = numberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  const percent = numberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const decimal = numberFormat(locale, { maximumFractionDigits: 1 });
  return {
    locale,
    count: (value: number) => integer.format(value),
    /** An axis label: "12 k" rather than "12 000". */
    compactCount: (value: number) => compact.format(value),
    euros: (cents: number) => euros.format(cents / 100),
    compactEuros: (cents: number) => compactEuros.format(cents / 100),
    /** A share in 0..1. */
    percent: (share: number) => percent.format(share),
    decimal: (value: number) => decimal.format(value),
  };
}

export type DashboardFormat = ReturnType<typeof dashboardFormat>;

export function useDashboardFormat(): DashboardFormat {
  const { i18n } = useTranslation();
  return useMemo(() => dashboardFormat(i18n.language), [i18n.language]);
}

/**
 * A duration in the unit that reads best: minutes under an hour, hours under two days, days beyond; the value is
 * rounded to a tenth (the texts write the unit).
 */
export function durationParts(hours: number): { unit: 'minutes' | 'hours' | 'days'; value: number } {
  const tenth = (value: number) => Math.round(value * 10) / 10;
  if (hours < 1) return { unit: 'minutes', value: Math.round(hours * 60) };
  if (hours < 48) return { unit: 'hours', value: tenth(hours) };
  return { unit: 'days', value: tenth(hours / 24) };
}

/** A duration in the reader's language: "45 min", "12 h", "3,5 j"; a dash when there is none. */
export function useDuration() {
  const { t } = useTranslation();
  const { decimal } = useDashboardFormat();
  return (hours: number | null) => {
    if (hours === null) return '—';
    const { unit, value } = durationParts(hours);
    return t(`dashboard.units.${unit}`, { value: decimal(value) });
  };
}
