import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DossierDetail, DossierStatus } from '../../../../common/dossiers.ts';
import { parseEuros } from '../../lib/format.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { DialogActions } from '../../ui/DialogActions.tsx';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { TextField } from '../../ui/Field.tsx';
import { useTransition } from './dossiers.api.ts';

export type TransitionChoice = DossierDetail['allowedTransitions'][number];

/** The button label of a transition; going back to an earlier status reads differently from going forward. */
export function transitionLabelKey(from: DossierStatus, to: DossierStatus): string {
  if (from === 'expert_pending' && to === 'eligible') return 'transitions.eligible_back';
  if (from === 'audit_proposed' && to === 'audit_in_progress') return 'transitions.audit_in_progress_back';
  return `transitions.${to}`;
}

const amountRequirements = new Set(['auditedAmount', 'grantedAmount', 'obtainedAmount']);

type Props = {
  dossier: DossierDetail;
  choice: TransitionChoice | null;
  onClose: () => void;
  onDone: (d: DossierDetail) => void;
};

/** Confirms a status change that needs a reason or an amount, and sends it. */
export function TransitionDialog({ dossier, choice, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const transition = useTransition(dossier.id);
  const [reason, setReason] = useState('');
  const [amount, setAmount] = useState('');
  const [reference, setReference] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const needsReason = choice?.requires === 'reason';
  const needsAmount = amountRequirements.has(choice?.requires ?? '');

  const close = () => {
    transition.reset();
    setReason('');
    setAmount('');
    setReference('');
    setFieldError(null);
    onClose();
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!choice) return;
    setFieldError(null);
    if (needsReason && reason.trim().length < 3) return setFieldError(t('dossiers.reasonTooShort'));
    const amountCents = needsAmount ? parseEuros(amount) : null;
    if (needsAmount && amountCents === null) return setFieldError(t('dossiers.amountInvalid'));
    transition.mutate(
      {
        to: choice.to,
        ...(needsReason ? { reason: reason.trim() } : {}),
        ...(amountCents !== null ? { amountCents } : {}),
        ...(choice.requires === 'grantedAmount' && reference.trim() ? { reference: reference.trim() } : {}),
      },
      {
        onSuccess: (d) => {
          close();
          onDone(d);
        },
      },
    );
  };

  return (
    <Dialog
      open={choice !== null}
      onClose={close}
      title={
        choice
          ? t('dossiers.transitionTitle', { status: t(transitionLabelKey(dossier.status, choice.to)) })
          : ''
      }
    >
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        {needsReason && (
          <div className="space-y-1">
            <label htmlFor="transition-reason" className="block text-sm font-medium text-slate-700">
              {t('dossiers.reason')}
            </label>
            <textarea
              id="transition-reason"
              rows={3}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={fieldError ? true : undefined}
              className="block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-600/30"
            />
          </div>
        )}
        {needsAmount && (
          <TextField
            label={t('dossiers.amount')}
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        )}
        {choice?.requires === 'grantedAmount' && (
          <TextField
            label={`${t('dossiers.administrationReference')} (${t('common.optional')})`}
            value={reference}
            onChange={(e) => setReference(e.target.value)}
          />
        )}
        {fieldError && (
          <p role="alert" className="text-sm font-medium text-red-600">
            {fieldError}
          </p>
        )}
        <ErrorAlert error={transition.error} />
        <DialogActions
          onCancel={close}
          variant={choice?.to === 'cancelled' ? 'danger' : 'primary'}
          busy={transition.isPending}
        />
      </form>
    </Dialog>
  );
}
