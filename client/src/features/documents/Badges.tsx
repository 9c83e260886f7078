import { useTranslation } from 'react-i18next';
import type { ChecklistState, DocumentRequest, DocumentReviewStatus } from '../../../../common/documents.ts';

const tones = {
  neutral: 'bg-slate-100 text-slate-700 ring-slate-300',
  waiting: 'bg-amber-50 text-amber-800 ring-amber-300',
  asked: 'bg-blue-50 text-blue-800 ring-blue-300',
  good: 'bg-emerald-50 text-emerald-800 ring-emerald-300',
  bad: 'bg-red-50 text-red-800 ring-red-300',
} as const;

/** A status in words (never by its colour alone), on a tinted pill; `data-state` names it for tests and styles. */
function Badge({ tone, state, children }: { tone: keyof typeof tones; state: string; children: string }) {
  return (
    <span
      data-state={state}
      className={`inline-flex shrink-0 items-center rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[tone]}`}
    >
      {children}
    </span>
  );
}

const checklistTone: Record<ChecklistState, keyof typeof tones> = {
  missing: 'neutral',
  requested: 'asked',
  pending: 'waiting',
  approved: 'good',
  rejected: 'bad',
};

export function ChecklistBadge({ state }: { state: ChecklistState }) {
  const { t } = useTranslation();
  return (
    <Badge tone={checklistTone[state]} state={state}>
      {t(`documents.checklistStates.${state}`)}
    </Badge>
  );
}

const reviewTone: Record<DocumentReviewStatus, keyof typeof tones> = {
  pending: 'waiting',
  approved: 'good',
  rejected: 'bad',
};

export function ReviewBadge({ status }: { status: DocumentReviewStatus }) {
  const { t } = useTranslation();
  return (
    <Badge tone={reviewTone[status]} state={status}>
      {t(`documents.reviewStatus.${status}`)}
    </Badge>
  );
}

export function RequestBadge({ request }: { request: DocumentRequest }) {
  const { t } = useTranslation();
  if (request.status === 'open' && request.overdue)
    return (
      <Badge tone="bad" state="overdue">
        {t('documents.requests.overdue')}
      </Badge>
    );
  const tone = request.status === 'open' ? 'asked' : request.status === 'fulfilled' ? 'good' : 'neutral';
  return (
    <Badge tone={tone} state={request.status}>
      {t(`documents.requests.status.${request.status}`)}
    </Badge>
  );
}
