import type { FormEvent } from 'react';
import { Dialog } from '../../ui/Dialog.tsx';
import { DialogActions } from '../../ui/DialogActions.tsx';
import { ErrorAlert } from '../../ui/Feedback.tsx';

type Props = {
  open: boolean;
  title: string;
  text?: string;
  error: unknown;
  busy: boolean;
  danger?: boolean;
  onConfirm: () => void;
  onClose: () => void;
};

/** Asks an admin to confirm an action on an account that takes no reason (approve, reactivate, force a reset). */
export function UserConfirmDialog({ open, title, text, error, busy, danger, onConfirm, onClose }: Props) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onConfirm();
  };
  return (
    <Dialog open={open} onClose={onClose} title={title}>
      <form onSubmit={submit} className="space-y-4">
        {text && <p className="text-sm text-slate-700">{text}</p>}
        <ErrorAlert error={error} />
        <DialogActions onCancel={onClose} variant={danger ? 'danger' : 'primary'} busy={busy} />
      </form>
    </Dialog>
  );
}
