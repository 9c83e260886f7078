import type { FormEvent } from 'react';
import { Dialog } from './Dialog.tsx';
import { DialogActions } from './DialogActions.tsx';
import { ErrorAlert } from './Feedback.tsx';
import { TextField } from './Field.tsx';

type Props = {
  open: boolean;
  title: string;
  /** The reason field's label, and its hint. */
  label: string;
  hint?: string;
  /** A required reason must have 3 characters at least before the action can be confirmed. */
  required?: boolean;
  reason: string;
  onReasonChange: (reason: string) => void;
  error: unknown;
  busy: boolean;
  onConfirm: () => void;
  onClose: () => void;
};

/** Confirms a decision that may carry a reason (reject, suspend): the reason field, the error, cancel or confirm. */
export function ReasonDialog({
  open,
  title,
  label,
  hint,
  required,
  reason,
  onReasonChange,
  error,
  busy,
  onConfirm,
  onClose,
}: Props) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onConfirm();
  };
  return (
    <Dialog open={open} onClose={onClose} title={title}>
      <form onSubmit={submit} className="space-y-4">
        <TextField
          label={label}
          hint={hint}
          value={reason}
          required={required}
          minLength={required ? 3 : undefined}
          onChange={(e) => onReasonChange(e.target.value)}
        />
        <ErrorAlert error={error} />
        <DialogActions
          onCancel={onClose}
          variant="danger"
          busy={busy}
          disabled={required ? reason.trim().length < 3 : false}
        />
      </form>
    </Dialog>
  );
}
