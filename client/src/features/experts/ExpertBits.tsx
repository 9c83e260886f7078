import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { ExpertCard } from '../../../../common/experts.ts';
import { formatCents } from '../../lib/format.ts';
import { numberFormat } from '../../lib/intl.ts';

export function Avatar({
  expert,
  size = 'md',
}: {
  expert: Pick<ExpertCard, 'firstName' | 'lastName' | 'avatarUrl'>;
  size?: 'md' | 'lg';
}) {
  const box = size === 'lg' ? 'size-20 text-2xl' : 'size-12 text-base';
  if (expert.avatarUrl) {
    return <img src={expert.avatarUrl} alt="" className={`${box} shrink-0 rounded-full object-cover`} />;
  }
  return (
    <span
      aria-hidden
      className={`${box} grid shrink-0 place-items-center rounded-full bg-blue-100 font-semibold text-blue-800`}
    >
      {expert.firstName.slice(0, 1)}
      {expert.lastName.slice(0, 1)}
    </span>
  );
}

/** Five stars filled to the average, with the figure and the count for screen readers and eyes alike. */
export function Stars({ average, count }: { average: number | null; count?: number }) {
  const { t, i18n } = useTranslation();
  const value = average ?? 0;
  const label =
    average === null
      ? t('marketplace.noReviews')
      : t('marketplace.ratingLabel', {
          rating: numberFormat(i18n.language, { maximumFractionDigits: 1 }).format(value),
        });
  return (
    <span className="inline-flex items-center gap-1 text-sm" title={label}>
      <span aria-hidden className="relative inline-block leading-none tracking-tight text-slate-300">
        ★★★★★
        <span
          className="absolute inset-0 overflow-hidden text-amber-500"
          style={{ width: `${(value / 5) * 100}%` }}
        >
          ★★★★★
        </span>
      </span>
      <span className="sr-only">{label}</span>
      {average !== null && (
        <span aria-hidden className="font-medium">
          {numberFormat(i18n.language, { maximumFractionDigits: 1 }).format(value)}
        </span>
      )}
      {count !== undefined && (
        <span className="text-slate-500">({t('marketplace.reviewCount', { count })})</span>
      )}
    </span>
  );
}

export function feeLabel(t: TFunction, fee: ExpertCard['fee']): string {
  return fee.model === 'commission'
    ? t('marketplace.feeCommission', { percent: fee.commissionPercent ?? 0 })
    : t('marketplace.feeDayRate', { amount: formatCents(fee.dayRateCents) });
}

export function responseLabel(t: TFunction, minutes: number | null): string | null {
  if (minutes === null) return null;
  return minutes < 60
    ? t('marketplace.respondsMinutes', { count: Math.max(1, Math.round(minutes)) })
    : t('marketplace.respondsHours', { count: Math.round(minutes / 60) });
}

export function Badge({ children, tone }: { children: React.ReactNode; tone: 'green' | 'blue' | 'slate' }) {
  const tones = {
    green: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
    blue: 'bg-blue-50 text-blue-800 ring-blue-200',
    slate: 'bg-slate-100 text-slate-700 ring-slate-200',
  };
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[tone]}`}
    >
      {children}
    </span>
  );
}
