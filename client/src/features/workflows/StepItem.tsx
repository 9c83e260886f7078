import { useTranslation } from 'react-i18next';
import { documentCategoryName } from '../../../../common/document-categories.ts';
import type { StepProgress, WorkflowProgress } from '../../../../common/workflows.ts';
import { formatDateTime } from '../../lib/format.ts';
import { CertificateButton } from './CertificateButton.tsx';
import { StepActions } from './StepActions.tsx';
import { useWorkflowFormat } from './useWorkflowFormat.ts';

type State = StepProgress['state'] | 'not_applicable';

const marks: Record<State, { symbol: string; className: string }> = {
  completed: { symbol: '✓', className: 'bg-emerald-600 text-white' },
  skipped: { symbol: '–', className: 'bg-slate-300 text-slate-700' },
  not_applicable: { symbol: '–', className: 'bg-slate-200 text-slate-500' },
  abandoned: { symbol: '×', className: 'bg-slate-300 text-slate-700' },
  active: { symbol: '●', className: 'bg-blue-700 text-white' },
  awaiting_validation: { symbol: '…', className: 'bg-amber-500 text-white' },
  upcoming: { symbol: '', className: 'border-2 border-slate-300 bg-white' },
};

/** What keeps the open step from completing, named for the reader. */
function Missing({ step }: { step: StepProgress }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en' : 'fr';
  const { documents, validation, signature } = step.missing;
  const items = [
    ...(documents.length
      ? [
          t('workflows.missing.documents', {
            list: documents.map((c) => documentCategoryName(c, locale)).join(', '),
          }),
        ]
      : []),
    ...(validation
      ? [t('workflows.missing.validation', { role: t(`roles.${step.validation ?? 'admin'}`) })]
      : []),
    ...(signature ? [t('workflows.missing.signature')] : []),
  ];
  if (items.length === 0) return null;
  return (
    <div className="mt-1 text-sm text-amber-900">
      <p className="font-medium">{t('workflows.missing.title')}</p>
      <ul className="list-disc pl-5">
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>
    </div>
  );
}

/** The clock of the open step: its deadline, or why and since when it is paused, and the time paused so far. */
function Clock({ step }: { step: StepProgress }) {
  const { t } = useTranslation();
  const format = useWorkflowFormat();
  const due = step.dueAt ? format.due(step.dueAt) : null;
  return (
    <p className="mt-1 text-sm text-slate-600">
      {step.pausedSince && step.pauseReason ? (
        <span data-testid="step-paused">
          {t('workflows.paused', {
            reason: t(`workflows.pauseReasons.${step.pauseReason}`),
            since: formatDateTime(step.pausedSince),
          })}
        </span>
      ) : (
        due && (
          <span data-testid="step-due" className={due.late ? 'font-semibold text-red-700' : undefined}>
            {due.text}
          </span>
        )
      )}
      {step.pausedMs > 0 && ` · ${t('workflows.pausedTotal', { duration: format.duration(step.pausedMs) })}`}
    </p>
  );
}

/** One step of the tracker: its state, who acts, and for the open one its clock, what is missing and its actions. */
type Props = { step: StepProgress; progress: WorkflowProgress; onDone: (message: string) => void };

export function StepItem({ step, progress, onDone }: Props) {
  const { t } = useTranslation();
  const format = useWorkflowFormat();
  const current = step.stepId !== null && step.stepId === progress.currentStepId;
  const state: State = !step.applies && step.state === 'upcoming' ? 'not_applicable' : step.state;
  const mark = marks[state];
  return (
    <li
      aria-current={current ? 'step' : undefined}
      data-testid="workflow-step"
      data-step={step.key}
      data-state={state}
      className={`flex gap-3 rounded-lg p-2 ${current ? 'bg-blue-50 ring-1 ring-blue-200' : ''} ${
        state === 'not_applicable' || state === 'skipped' ? 'text-slate-500' : ''
      }`}
    >
      <span
        aria-hidden
        className={`mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full text-xs font-bold ${mark.className}`}
      >
        {mark.symbol}
      </span>
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-baseline gap-x-2 font-medium">
          <span>{format.name(step.name)}</span>
          <span className="text-xs font-normal text-slate-600">
            {t('workflows.actor', { role: t(`roles.${step.role}`) })} · {t(`workflows.states.${state}`)}
          </span>
        </p>
        {step.completedAt && (
          <p className="text-xs text-slate-600">
            {t(step.state === 'skipped' ? 'workflows.skippedAt' : 'workflows.completedAt', {
              date: formatDateTime(step.completedAt),
            })}
            {step.completedBy && ` · ${t('dossiers.by', { name: step.completedBy.name })}`}
          </p>
        )}
        {step.signature?.signedAt && step.stepId && (
          <>
            <p className="text-xs text-slate-600">
              {t('workflows.signedBy', {
                name: step.signature.signerName,
                date: formatDateTime(step.signature.signedAt),
              })}
            </p>
            <CertificateButton dossierId={progress.dossierId} stepId={step.stepId} />
          </>
        )}
        {current && (
          <>
            <Clock step={step} />
            <Missing step={step} />
            <StepActions step={step} progress={progress} onDone={onDone} />
          </>
        )}
      </div>
    </li>
  );
}
