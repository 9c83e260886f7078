import '../../i18n/workflow-pages.ts';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DossierStatus } from '../../../../common/dossier-lifecycle.ts';
import type { StepProgress, WorkflowProgress } from '../../../../common/workflows.ts';
import { useSocketEvent } from '../../lib/realtime.tsx';
import { Card, ErrorAlert, LoadingRows, Notice, ProgressBar } from '../../ui/Feedback.tsx';
import { Banners } from './Banners.tsx';
import { StepItem } from './StepItem.tsx';
import { useWorkflowFormat } from './useWorkflowFormat.ts';
import { WorkflowDetails } from './WorkflowDetails.tsx';
import { useWorkflowProgress } from './workflows.api.ts';
import { workflowKeys } from './workflows.keys.ts';

/** The steps in template order, one group per lifecycle status (a status's steps are consecutive). */
function byStatus(steps: StepProgress[]): { status: DossierStatus; steps: StepProgress[] }[] {
  const groups: { status: DossierStatus; steps: StepProgress[] }[] = [];
  for (const step of steps) {
    const last = groups.at(-1);
    if (last?.status === step.status) last.steps.push(step);
    else groups.push({ status: step.status, steps: [step] });
  }
  return groups;
}

function Summary({ progress }: { progress: WorkflowProgress }) {
  const { t } = useTranslation();
  const format = useWorkflowFormat();
  const due = progress.dueAt ? format.due(progress.dueAt) : null;
  return (
    <div className="space-y-2">
      <div className="flex items-center gap-3">
        <ProgressBar value={progress.percent} label={t('workflows.percent')} />
        <span className="whitespace-nowrap text-sm font-medium text-slate-700">{progress.percent} %</span>
      </div>
      <p className="text-sm text-slate-700" data-testid="workflow-who-acts">
        {progress.whoActs
          ? t('workflows.whoActs', { role: t(`roles.${progress.whoActs}`) })
          : t('workflows.finished')}
        {due && (
          <span className={due.late ? 'font-semibold text-red-700' : undefined}>
            {' · '}
            {due.text}
          </span>
        )}
      </p>
    </div>
  );
}

/**
 * The dossier's workflow for whoever reads the dossier: every step by status, the current one highlighted, who acts,
 * deadlines, pauses, what is missing, and the actions the reader may take on the current step. It reloads when the
 * server says the workflow or the dossier moved.
 */
export function StepTracker({ dossierId }: { dossierId: string }) {
  const { t } = useTranslation();
  const query = useWorkflowProgress(dossierId);
  const queryClient = useQueryClient();
  const [done, setDone] = useState<string | null>(null);
  const reload = useCallback(
    (state: { dossierId: string }) => {
      if (state.dossierId === dossierId)
        void queryClient.invalidateQueries({ queryKey: workflowKeys.progress(dossierId) });
    },
    [dossierId, queryClient],
  );
  useSocketEvent('workflow:updated', reload);
  useSocketEvent('dossier:updated', reload);

  return (
    <Card>
      <h2 className="mb-3 text-lg font-semibold">{t('workflows.title')}</h2>
      {query.isPending ? (
        <LoadingRows rows={2} />
      ) : query.isError ? (
        <ErrorAlert error={query.error} />
      ) : (
        <div className="space-y-4">
          {done && <Notice tone="success">{done}</Notice>}
          <Summary progress={query.data} />
          <Banners banners={query.data.banners} />
          <ol className="space-y-4" data-testid="workflow-steps">
            {byStatus(query.data.steps).map((group) => (
              <li key={`${group.status}:${group.steps[0]?.key}`}>
                <h3 className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">
                  {t(`status.${group.status}`)}
                </h3>
                <ol className="space-y-2">
                  {group.steps.map((step) => (
                    <StepItem key={step.key} step={step} progress={query.data} onDone={setDone} />
                  ))}
                </ol>
              </li>
            ))}
          </ol>
          <WorkflowDetails progress={query.data} />
        </div>
      )}
    </Card>
  );
}
