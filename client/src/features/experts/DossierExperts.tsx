import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { expertReviewable } from '../../../../common/dossier-lifecycle.ts';
import type { DossierDetail } from '../../../../common/dossiers.ts';
import { useProductName } from '../../shared/products.api.ts';
import { Button, focusRing } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { Card, ErrorAlert, LoadingRows, Notice } from '../../ui/Feedback.tsx';
import { TextField } from '../../ui/Field.tsx';
import { ExpertCardView } from './ExpertCardView.tsx';
import {
  useExpertRequests,
  useRecommendations,
  useRequestExpert,
  useRespondToRequest,
  useSubmitReview,
} from './experts.api.ts';

/** On an eligible dossier: the experts best suited to it, with why, and a one-click request. */
export function RecommendedExperts({ dossier }: { dossier: DossierDetail }) {
  const { t } = useTranslation();
  const productName = useProductName();
  const recommendations = useRecommendations(dossier.id);
  const request = useRequestExpert(dossier.id);

  return (
    <Card>
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-lg font-semibold">{t('marketplace.recommended')}</h2>
        <Link
          to={`/experts?product=${dossier.product.code}&dossier=${dossier.id}`}
          className={`text-sm text-blue-700 underline ${focusRing}`}
        >
          {t('marketplace.browseAll')}
        </Link>
      </div>
      {recommendations.isPending ? (
        <LoadingRows rows={2} />
      ) : recommendations.isError ? (
        <ErrorAlert error={recommendations.error} />
      ) : (
        <>
          <ErrorAlert error={request.error} />
          <ul className="grid gap-3 md:grid-cols-2">
            {recommendations.data.map((r) => (
              <li key={r.expert.id} data-testid="recommendation">
                <ExpertCardView
                  expert={r.expert}
                  href={`/experts/${r.expert.id}?dossier=${dossier.id}`}
                  productName={productName}
                >
                  <ul className="mb-3 space-y-0.5 text-xs text-emerald-800">
                    {r.reasons.map((reason) => (
                      <li key={reason}>✓ {reason}</li>
                    ))}
                  </ul>
                  <Button
                    size="sm"
                    className="w-full"
                    busy={request.isPending && request.variables?.expertId === r.expert.id}
                    onClick={() => request.mutate({ expertId: r.expert.id })}
                  >
                    {t('marketplace.choose')}
                  </Button>
                </ExpertCardView>
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}

/** The requests clients sent this expert, to accept (the dossier is assigned) or decline with a reason. */
export function IncomingRequests() {
  const { t } = useTranslation();
  const requests = useExpertRequests('requested');
  const respond = useRespondToRequest();
  const [declining, setDeclining] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const items = requests.data?.items ?? [];
  if (requests.isPending || items.length === 0) return null;

  const decline = (e: FormEvent) => {
    e.preventDefault();
    if (!declining) return;
    respond.mutate(
      { id: declining, accept: false, reason: reason.trim() },
      {
        onSuccess: () => {
          setDeclining(null);
          setReason('');
        },
      },
    );
  };

  return (
    <Card className="mb-6">
      <h2 className="mb-3 text-lg font-semibold">{t('marketplace.incoming', { count: items.length })}</h2>
      {!declining && <ErrorAlert error={respond.error} />}
      <ul className="divide-y divide-slate-100">
        {items.map((r) => (
          <li key={r.id} data-testid="expert-request" className="flex flex-wrap items-center gap-3 py-3">
            <div className="min-w-0 flex-1 text-sm">
              <p className="font-medium">
                {r.company.name} · {r.dossier.productCode}
              </p>
              <p className="text-slate-500">{r.dossier.reference}</p>
              {r.message && <p className="mt-1 whitespace-pre-line text-slate-700">{r.message}</p>}
            </div>
            <div className="flex gap-2">
              <Button
                size="sm"
                busy={respond.isPending && respond.variables?.id === r.id && respond.variables.accept}
                onClick={() => respond.mutate({ id: r.id, accept: true })}
              >
                {t('marketplace.accept')}
              </Button>
              <Button size="sm" variant="secondary" onClick={() => setDeclining(r.id)}>
                {t('marketplace.decline')}
              </Button>
            </div>
          </li>
        ))}
      </ul>
      <Dialog
        open={declining !== null}
        onClose={() => setDeclining(null)}
        title={t('marketplace.declineTitle')}
      >
        <form onSubmit={decline} className="space-y-4">
          <TextField
            label={t('dossiers.reason')}
            required
            minLength={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <ErrorAlert error={respond.error} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setDeclining(null)}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              variant="danger"
              disabled={reason.trim().length < 3}
              busy={respond.isPending}
            >
              {t('marketplace.decline')}
            </Button>
          </div>
        </form>
      </Dialog>
    </Card>
  );
}

const criteria = ['rating', 'communication', 'expertise', 'speed'] as const;
type Scores = Record<(typeof criteria)[number], number>;

/** A finished dossier's client rates the expert who worked it, once. */
export function ReviewForm({ dossier }: { dossier: DossierDetail }) {
  const { t } = useTranslation();
  const [scores, setScores] = useState<Scores>({ rating: 0, communication: 0, expertise: 0, speed: 0 });
  const [text, setText] = useState('');
  const submit = useSubmitReview(dossier.expert?.id ?? '');
  if (!dossier.expert || !expertReviewable(dossier)) return null;
  const complete = criteria.every((c) => scores[c] > 0);

  if (submit.isSuccess) {
    return (
      <Card>
        <Notice tone="success">{t('marketplace.reviewThanks')}</Notice>
      </Card>
    );
  }
  return (
    <Card>
      <h2 className="mb-3 text-lg font-semibold">
        {t('marketplace.reviewTitle', { name: `${dossier.expert.firstName} ${dossier.expert.lastName}` })}
      </h2>
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          if (complete) submit.mutate({ dossierId: dossier.id, ...scores, text: text.trim() });
        }}
      >
        {criteria.map((c) => (
          <fieldset key={c} className="flex flex-wrap items-center gap-3">
            <legend className="w-40 text-sm font-medium">{t(`marketplace.criteria.${c}`)}</legend>
            <div className="flex gap-1">
              {[1, 2, 3, 4, 5].map((n) => (
                <label
                  key={n}
                  className="cursor-pointer text-2xl leading-none has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-blue-600"
                >
                  <input
                    type="radio"
                    name={c}
                    value={n}
                    checked={scores[c] === n}
                    onChange={() => setScores({ ...scores, [c]: n })}
                    className="sr-only"
                  />
                  <span aria-hidden className={n <= scores[c] ? 'text-amber-500' : 'text-slate-300'}>
                    ★
                  </span>
                  <span className="sr-only">{t('marketplace.starCount', { count: n })}</span>
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        <div className="space-y-1">
          <label htmlFor="review-text" className="block text-sm font-medium">
            {t('marketplace.reviewText')}{' '}
            <span className="font-normal text-slate-500">({t('common.optional')})</span>
          </label>
          <textarea
            id="review-text"
            rows={3}
            maxLength={4000}
            value={text}
            onChange={(e) => setText(e.target.value)}
            className="block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm"
          />
        </div>
        <ErrorAlert error={submit.error} />
        <Button type="submit" disabled={!complete} busy={submit.isPending}>
          {t('marketplace.publishReview')}
        </Button>
      </form>
    </Card>
  );
}
