import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StepProgress, WorkflowProgress } from '../../../../common/workflows.ts';
import { useUser } from '../../lib/session.tsx';
import { Button } from '../../ui/Button.tsx';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { ReasonDialog } from '../../ui/ReasonDialog.tsx';
import { useReasonPrompt } from '../../ui/useReasonPrompt.ts';
import { CompleteStepDialog } from './CompleteStepDialog.tsx';
import { SignDialog } from './SignDialog.tsx';
import { edgeAfter } from './stepEdge.ts';
import { useValidateStep } from './workflows.api.ts';

/** A refused mutation shows its error through the mutation's state. */
const ignore = () => {};

type Props = { step: StepProgress; progress: WorkflowProgress; onDone: (message: string) => void };

/**
 * What the reader may do on the open step: sign (the client, when the step asks for a signature), complete it (its
 * acting role or an admin), or, once submitted, approve it or send it back (its validator or an admin). The server
 * decides in the end; these are the buttons worth showing.
 */
export function StepActions({ step, progress, onDone }: Props) {
  const { t } = useTranslation();
  const user = useUser();
  const validate = useValidateStep(progress.dossierId);
  const sendBack = useReasonPrompt<string>(validate);
  const [dialog, setDialog] = useState<'complete' | 'sign' | null>(null);
  const stepId = step.stepId;
  if (!stepId) return null;

  const admin = user.role === 'admin';
  const edge = edgeAfter(progress.steps, step);
  // An expert request, not a step completion, takes the dossier to its expert (marketplace or assignment).
  const canComplete =
    step.state === 'active' && (admin || user.role === step.role) && edge?.requires !== 'expert';
  const canSign = step.state === 'active' && user.role === 'client' && step.missing.signature;
  const canValidate = step.state === 'awaiting_validation' && (admin || user.role === step.validation);
  if (!canComplete && !canSign && !canValidate) return null;

  return (
    <div className="mt-2 space-y-2">
      <ErrorAlert error={validate.error && !sendBack.dialog.open ? validate.error : null} />
      <div className="flex flex-wrap gap-2">
        {canSign && (
          <Button size="sm" onClick={() => setDialog('sign')}>
            {t('workflows.sign.action')}
          </Button>
        )}
        {canComplete && (
          <Button size="sm" variant={canSign ? 'secondary' : 'primary'} onClick={() => setDialog('complete')}>
            {t('workflows.complete.action')}
          </Button>
        )}
        {canValidate && (
          <>
            <Button
              size="sm"
              busy={validate.isPending && !sendBack.dialog.open}
              onClick={() =>
                // The step leaves the open state, and this component with it: the promise still resolves.
                validate
                  .mutateAsync({ stepId, input: { decision: 'approve' } })
                  .then(() => onDone(t('workflows.validate.approved')), ignore)
              }
            >
              {t('workflows.validate.approve')}
            </Button>
            <Button size="sm" variant="secondary" onClick={() => sendBack.ask(stepId)}>
              {t('workflows.validate.sendBack')}
            </Button>
          </>
        )}
      </div>
      <CompleteStepDialog
        open={dialog === 'complete'}
        dossierId={progress.dossierId}
        step={step}
        edge={edge}
        onClose={() => setDialog(null)}
        onDone={onDone}
      />
      {canSign && (
        <SignDialog
          open={dialog === 'sign'}
          dossierId={progress.dossierId}
          step={step}
          onClose={() => setDialog(null)}
          onDone={() => onDone(t('workflows.sign.done'))}
        />
      )}
      <ReasonDialog
        {...sendBack.dialog}
        title={t('workflows.validate.sendBackTitle')}
        label={t('workflows.validate.reason')}
        required
        onConfirm={() =>
          validate
            .mutateAsync({ stepId, input: { decision: 'send_back', reason: sendBack.dialog.reason.trim() } })
            .then(() => {
              sendBack.done();
              onDone(t('workflows.validate.sentBack'));
            }, ignore)
        }
      />
    </div>
  );
}
