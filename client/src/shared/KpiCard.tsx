import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import '../i18n/kpi-card.ts';
import { numberFormat } from '../lib/intl.ts';
import { focusRing } from '../ui/Button.tsx';
import type { Trend } from './trend.ts';

const tones = { good: 'text-emerald-700', bad: 'text-red-700', neutral: 'text-slate-600' };
const arrows = { up: '▲', down: '▼', flat: '▬' };

/** The comparison with the previous period: an arrow and a percentage, read out in full. */
export function TrendLine({ trend, previous }: { trend: Trend | null; previous: string }) {
  const { t, i18n } = useTranslation();
  const decimal = numberFormat(i18n.language === 'en' ? 'en-GB' : 'fr-FR', {
    maximumFractionDigits: 1,
  });
  if (!trend) return <p className="text-xs text-slate-600">{t('kpiCard.trend.none')}</p>;
  const amount =
    trend.percent === null
      ? null
      : t(`kpiCard.trend.${trend.unit}`, { value: decimal.format(Math.abs(trend.percent)) });
  const change =
    trend.direction === 'flat'
      ? t('kpiCard.trend.flat')
      : amount === null
        ? t('kpiCard.trend.new')
        : t(`kpiCard.trend.${trend.direction}`, { amount });
  return (
    <p className="text-xs text-slate-600" data-testid="kpi-trend">
      <span className={`font-medium ${tones[trend.tone]}`}>
        <span aria-hidden>{arrows[trend.direction]} </span>
        {change}
      </span>{' '}
      {t('kpiCard.trend.previous', { value: previous })}
    </p>
  );
}

type Props = {
  label: string;
  value: string;
  /** The list behind the figure. */
  to?: string;
  trend?: Trend | null;
  previous?: string;
  children?: ReactNode;
  testId?: string;
};

/** One figure of the period, beside the previous period's. */
export function KpiCard({ label, value, to, trend, previous, children, testId }: Props) {
  const { t } = useTranslation();
  return (
    <div
      className="flex min-h-32 flex-col gap-1 rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
      data-testid={testId ?? 'kpi-card'}
    >
      <p className="text-sm text-slate-600">{label}</p>
      <p className="text-2xl font-semibold tabular-nums text-slate-900" data-testid="kpi-value">
        {to ? (
          <Link
            to={to}
            aria-label={t('kpiCard.openList', { label, value })}
            className={`rounded underline-offset-4 hover:underline ${focusRing}`}
          >
            {value}
          </Link>
        ) : (
          value
        )}
      </p>
      {previous !== undefined && <TrendLine trend={trend ?? null} previous={previous} />}
      {children}
    </div>
  );
}
