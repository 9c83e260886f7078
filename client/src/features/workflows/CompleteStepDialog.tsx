import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompleteStepInput, StepProgress } from '../../../../common/workflows.ts';
import { parseEuros } from '../../lib/format.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { DialogActions } from '../../ui/DialogActions.tsx';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { TextField } from '../../ui/Field.tsx';
import type { edgeAfter } from './stepEdge.ts';
import { useWorkflowFormat } from './useWorkflowFormat.ts';
import { useCompleteStep } from './workflows.api.ts';

type Props = {
  open: boolean;
  dossierId: string;
  step: StepProgress;
  /** The lifecycle edge the completion takes, whose requirements the form asks for. */
  edge: ReturnType<typeof edgeAfter>;
  onClose: () => void;
  onDone: (message: string) => void;
};

const amountRequirements = new Set(['auditedAmount', 'grantedAmount', 'obtainedAmount']);

/** Completes the open step, with a note, and the amount, reference or reason its status's edge needs. */
export function CompleteStepDialog({ open, dossierId, step, edge, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const format = useWorkflowFormat();
  const complete = useCompleteStep(dossierId);
  const [note, setNote] = useState('');
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState('');
  const [reason, setReason] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const requires = edge?.requires ?? null;
  const needsAmount = amountRequirements.has(requires ?? '');

  const close = () => {
    complete.reset();
    setNote('');
    setAmount('');
    setReference('');
    setReason('');
    setFieldError(null);
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFieldError(null);
    const amountCents = needsAmount ? parseEuros(amount) : null;
    if (needsAmount && amountCents === null) return setFieldError(t('dossiers.amountInvalid'));
    if (requires === 'reason' && reason.trim().length < 3) return setFieldError(t('dossiers.reasonTooShort'));
    const input: CompleteStepInput = {
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(amountCents !== null ? { amountCents } : {}),
      ...(requires === 'grantedAmount' && reference.trim() ? { reference: reference.trim() } : {}),
      ...(requires === 'reason' ? { reason: reason.trim() } : {}),
    };
    const stepId = step.stepId;
    if (!stepId) return;
    // The step leaves the open state and this dialog with it: the promise still resolves.
    complete.mutateAsync({ stepId, input }).then(
      () => {
        close();
        onDone(t('workflows.complete.done', { name: format.name(step.name) }));
      },
      () => {},
    );
  };

  return (
    <Dialog
      open={open}
      onClose={close}
      title={t('workflows.complete.title', { name: format.name(step.name) })}
    >
      <form onSubmit={submit} noValidate className="space-y-4">
        {edge && (
          <p className="text-sm text-slate-700">
            {t('workflows.complete.moves', { status: t(`status.${edge.to}`) })}
          </p>
        )}
        {needsAmount && (
          <TextField
            label={t(`workflows.complete.${requires}`)}
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        )}
        {requires === 'grantedAmount' && (
          <TextField
            label={`${t('dossiers.administrationReference')} (${t('common.optional')})`}
            value={reference}
            onChange={(e) => setReference(e.target.value)}
          />
        )}
        {requires === 'reason' && (
          <TextField
            label={t('dossiers.reason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
        <TextField
          label={`${t('workflows.complete.note')} (${t('common.optional')})`}
          value={note}
          maxLength={2000}
          onChange={(e) => setNote(e.target.value)}
        />
        {fieldError && (
          <p role="alert" className="text-sm font-medium text-red-600">
            {fieldError}
          </p>
        )}
        <ErrorAlert error={complete.error} />
        <DialogActions onCancel={close} busy={complete.isPending} label={t('workflows.complete.action')} />
      </form>
    </Dialog>
  );
}
