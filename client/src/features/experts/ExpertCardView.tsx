import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ExpertCard } from '../../../../common/experts.ts';
import { focusRing } from '../../ui/Button.tsx';
import { PinIcon } from '../../ui/icons.tsx';
import { Avatar, Badge, feeLabel, responseLabel, Stars } from './ExpertBits.tsx';

type Props = {
  expert: ExpertCard;
  href: string;
  /** A product's name by its code: the list asks for the catalogue once for all its cards (useProductName). */
  productName: (code: string) => string;
  children?: React.ReactNode;
};

export function ExpertCardView({ expert, href, productName, children }: Props) {
  const { t } = useTranslation();
  const response = responseLabel(t, expert.medianResponseMinutes);
  return (
    <article
      data-testid="expert-card"
      className="flex h-full flex-col rounded-xl border border-slate-200 bg-white p-4 shadow-sm"
    >
      <div className="flex items-start gap-3">
        <Avatar expert={expert} />
        <div className="min-w-0 flex-1">
          <h3 className="font-semibold">
            <Link to={href} className={`hover:underline ${focusRing}`}>
              {expert.firstName} {expert.lastName}
            </Link>
          </h3>
          <p className="line-clamp-2 text-sm text-slate-600">{expert.headline}</p>
          <Stars average={expert.rating.average} count={expert.rating.count} />
        </div>
      </div>
      <div className="mt-3 flex flex-wrap gap-1.5">
        {expert.verified && <Badge tone="blue">{t('marketplace.verified')}</Badge>}
        {expert.available ? (
          <Badge tone="green">{t('marketplace.available')}</Badge>
        ) : (
          <Badge tone="slate">{t('marketplace.full')}</Badge>
        )}
        {expert.specialties.slice(0, 3).map((code) => (
          <Badge key={code} tone="slate">
            <span title={productName(code)}>{code}</span>
          </Badge>
        ))}
      </div>
      <dl className="mt-3 grid grid-cols-2 gap-x-3 gap-y-1 text-xs text-slate-600">
        <dt className="sr-only">{t('marketplace.city')}</dt>
        <dd>
          <PinIcon /> {expert.city}
          {expert.department ? ` (${expert.department})` : ''}
        </dd>
        <dt className="sr-only">{t('marketplace.experience')}</dt>
        <dd>{t('marketplace.years', { count: expert.yearsExperience })}</dd>
        <dt className="sr-only">{t('marketplace.fee')}</dt>
        <dd>{feeLabel(t, expert.fee)}</dd>
        <dt className="sr-only">{t('marketplace.completed')}</dt>
        <dd>{t('marketplace.completedCount', { count: expert.completedDossiers })}</dd>
        {response && (
          <>
            <dt className="sr-only">{t('marketplace.responseTime')}</dt>
            <dd className="col-span-2">{response}</dd>
          </>
        )}
      </dl>
      {children && <div className="mt-auto pt-3">{children}</div>}
    </article>
  );
}
