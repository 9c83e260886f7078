import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { ExpertProfile, Review } from '../../../../common/experts.ts';
import { regionNames } from '../../../../common/reference.ts';
import { formatCents, formatDate } from '../../lib/format.ts';
import { numberFormat } from '../../lib/intl.ts';
import { useSession } from '../../lib/session.tsx';
import { useProducts } from '../../shared/products.api.ts';
import { Button } from '../../ui/Button.tsx';
import { Card, EmptyState, ErrorAlert, LoadingRows } from '../../ui/Feedback.tsx';
import { HydrateLater } from '../../ui/HydrateLater.tsx';
import { lazyPart } from '../../ui/lazyPart.tsx';
import { Avatar, Badge, feeLabel, responseLabel, Stars } from './ExpertBits.tsx';
import { useExpertProfile, useRequestExpert } from './experts.api.ts';
import { HideReview, ReplyForm, VerifyExpert } from './ReviewModeration.tsx';

function RatingBreakdown({ profile }: { profile: ExpertProfile }) {
  const { t, i18n } = useTranslation();
  const total = profile.rating.count || 1;
  const fmt = (v: number | null) =>
    v === null ? '—' : numberFormat(i18n.language, { maximumFractionDigits: 1 }).format(v);
  return (
    <div className="grid gap-6 sm:grid-cols-2">
      <ul className="space-y-1.5" aria-label={t('marketplace.distribution')}>
        {([5, 4, 3, 2, 1] as const).map((star) => {
          const count = profile.ratingBreakdown[star];
          return (
            <li key={star} className="flex items-center gap-2 text-sm">
              <span className="w-8 text-right">{star} ★</span>
              <span className="h-2 flex-1 overflow-hidden rounded-full bg-slate-200" aria-hidden>
                <span
                  className="block h-full rounded-full bg-amber-500"
                  style={{ width: `${(count / total) * 100}%` }}
                />
              </span>
              <span className="w-10 text-right text-slate-600">{count}</span>
            </li>
          );
        })}
      </ul>
      <dl className="grid grid-cols-[1fr_auto] gap-y-1.5 text-sm">
        {(['communication', 'expertise', 'speed'] as const).map((k) => (
          <div key={k} className="contents">
            <dt className="text-slate-600">{t(`marketplace.criteria.${k}`)}</dt>
            <dd className="font-medium">{fmt(profile.subCriteria[k])} / 5</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

type ReviewItemProps = { review: Review; canReply: boolean; canHide: boolean };

export function ReviewItem({ review, canReply, canHide }: ReviewItemProps) {
  const { t } = useTranslation();
  return (
    <li className="space-y-1 border-b border-slate-100 pb-4 last:border-0">
      <div className="flex flex-wrap items-center gap-2">
        <Stars average={review.rating} />
        <span className="text-sm font-medium">{review.author.name}</span>
        <span className="text-xs text-slate-500">
          {review.author.companyName} · {review.productCode} · {formatDate(review.createdAt)}
        </span>
      </div>
      {review.text && <p className="whitespace-pre-line text-sm text-slate-700">{review.text}</p>}
      {canHide && <HideReview review={review} />}
      {!review.reply && canReply && <ReplyForm review={review} />}
      {review.reply && (
        <div className="ml-4 rounded-lg bg-slate-50 p-3 text-sm">
          <p className="text-xs font-medium text-slate-500">{t('marketplace.expertReply')}</p>
          <p className="whitespace-pre-line text-slate-700">{review.reply}</p>
        </div>
      )}
    </li>
  );
}

function ChooseForDossier({ expertId, dossierId }: { expertId: string; dossierId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const request = useRequestExpert(dossierId);
  return (
    <div className="space-y-2">
      <ErrorAlert error={request.error} />
      <Button
        className="w-full"
        busy={request.isPending}
        onClick={() => request.mutate({ expertId }, { onSuccess: () => navigate(`/dossiers/${dossierId}`) })}
      >
        {t('marketplace.choose')}
      </Button>
    </div>
  );
}

// The expert's own reviews (or, for an admin, any expert's) as a file, loaded only for them.
const ExportListButton = lazyPart('reports/ExportListButton', () =>
  import('../reports/reports.embeds.ts').then((m) => m.ExportListButton),
);

export function ExpertProfilePage() {
  const { id = '' } = useParams();
  const [url] = useSearchParams();
  const { t } = useTranslation();
  const { user } = useSession();
  const query = useExpertProfile(id);
  const products = useProducts();
  if (query.isPending) return <LoadingRows />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  const p = query.data;
  const dossierId = url.get('dossier');
  const isSelf = user?.id === p.id;
  const isAdmin = user?.role === 'admin';
  const productName = (code: string) => products.data?.find((x) => x.code === code)?.name ?? code;
  const figures: [string, string][] = [
    [t('marketplace.completed'), String(p.outcomes.completedDossiers)],
    [t('marketplace.recovered'), formatCents(p.outcomes.recoveredCents)],
    [
      t('marketplace.successRate'),
      p.outcomes.successRate === null ? '—' : `${Math.round(p.outcomes.successRate * 100)} %`,
    ],
    [t('marketplace.load'), `${p.activeLoad} / ${p.capacity}`],
  ];

  return (
    <div className="space-y-6">
      <Link
        to={`/experts${dossierId ? `?dossier=${dossierId}` : ''}`}
        className="text-sm text-blue-700 underline"
      >
        ← {t('marketplace.backToSearch')}
      </Link>
      <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <div className="space-y-6">
          <Card>
            <div className="flex flex-wrap items-start gap-4">
              <Avatar expert={p} size="lg" />
              <div className="min-w-0 flex-1 space-y-1">
                <h1 className="text-2xl font-semibold">
                  {p.firstName} {p.lastName}
                </h1>
                <p className="text-slate-700">{p.headline}</p>
                <Stars average={p.rating.average} count={p.rating.count} />
                <div className="flex flex-wrap gap-1.5 pt-1">
                  {p.verified && <Badge tone="blue">{t('marketplace.verified')}</Badge>}
                  {p.available ? (
                    <Badge tone="green">{t('marketplace.available')}</Badge>
                  ) : (
                    <Badge tone="slate">{t('marketplace.full')}</Badge>
                  )}
                </div>
              </div>
            </div>
            {p.bio && <p className="mt-4 whitespace-pre-line text-slate-700">{p.bio}</p>}
          </Card>
          <Card>
            <h2 className="mb-3 text-lg font-semibold">{t('marketplace.specialties')}</h2>
            <ul className="space-y-1 text-sm">
              {p.specialties.map((code) => (
                <li key={code}>
                  <span className="font-medium">{productName(code)}</span>
                  {p.yearsByProduct[code] !== undefined && (
                    <span className="text-slate-600">
                      {' '}
                      — {t('marketplace.years', { count: p.yearsByProduct[code] })}
                    </span>
                  )}
                </li>
              ))}
            </ul>
            {p.certifications.length > 0 && (
              <>
                <h3 className="mb-2 mt-4 font-semibold">{t('marketplace.certifications')}</h3>
                <ul className="flex flex-wrap gap-1.5">
                  {p.certifications.map((c) => (
                    <li key={c}>
                      <Badge tone="slate">{c}</Badge>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </Card>
          <HydrateLater>
            <Card>
              <div className="mb-4 flex flex-wrap items-center gap-2">
                <h2 className="text-lg font-semibold">{t('marketplace.reviews')}</h2>
                {(isSelf || isAdmin) && (
                  <Suspense fallback={null}>
                    <ExportListButton list="reviews" filters={{ expertId: p.id }} className="ml-auto" />
                  </Suspense>
                )}
              </div>
              <RatingBreakdown profile={p} />
              {p.latestReviews.length === 0 ? (
                <div className="mt-4">
                  <EmptyState title={t('marketplace.noReviews')} />
                </div>
              ) : (
                <ul className="mt-6 space-y-4">
                  {p.latestReviews.map((r) => (
                    <ReviewItem key={r.id} review={r} canReply={isSelf} canHide={isAdmin} />
                  ))}
                </ul>
              )}
            </Card>
          </HydrateLater>
        </div>
        <div className="order-first space-y-6 lg:order-last">
          <Card>
            {dossierId && user?.role === 'client' && (
              <ChooseForDossier expertId={p.id} dossierId={dossierId} />
            )}
            {isAdmin && !p.verified && <VerifyExpert profile={p} />}
            {isSelf && (
              <Link
                to="/expert/profil"
                className="block text-center text-sm font-medium text-blue-700 underline"
              >
                {t('profileEdit.title')}
              </Link>
            )}
            <dl className="mt-3 grid grid-cols-2 gap-3">
              {figures.map(([label, value]) => (
                <div key={label} className="rounded-lg bg-slate-50 p-3">
                  <dt className="text-xs text-slate-500">{label}</dt>
                  <dd className="font-semibold">{value}</dd>
                </div>
              ))}
            </dl>
            <dl className="mt-4 space-y-2 text-sm">
              <div>
                <dt className="text-slate-500">{t('marketplace.fee')}</dt>
                <dd>{feeLabel(t, p.fee)}</dd>
              </div>
              {responseLabel(t, p.medianResponseMinutes) && (
                <div>
                  <dt className="text-slate-500">{t('marketplace.responseTime')}</dt>
                  <dd>{responseLabel(t, p.medianResponseMinutes)}</dd>
                </div>
              )}
              <div>
                <dt className="text-slate-500">{t('marketplace.city')}</dt>
                <dd>
                  {p.city}
                  {p.department ? ` (${p.department})` : ''}
                </dd>
              </div>
              <div>
                <dt className="text-slate-500">{t('auth.regions')}</dt>
                <dd>{p.regions.map((r) => regionNames[r]).join(', ')}</dd>
              </div>
              <div>
                <dt className="text-slate-500">{t('auth.languages')}</dt>
                <dd>{p.languages.map((l) => t(`languages.${l}`)).join(', ')}</dd>
              </div>
            </dl>
          </Card>
        </div>
      </div>
    </div>
  );
}
