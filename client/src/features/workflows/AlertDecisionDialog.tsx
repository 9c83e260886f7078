import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Alert } from '../../../../common/alerts.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { DialogActions } from '../../ui/DialogActions.tsx';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { TextField } from '../../ui/Field.tsx';
import type { useAlertDecision } from './alerts.api.ts';

type Props = {
  /** The alert and what is asked: a resolution note, or the time to snooze it until. */
  subject: { alert: Alert; action: 'resolve' | 'snooze' } | null;
  decision: ReturnType<typeof useAlertDecision>;
  onClose: () => void;
  onDone: (message: string) => void;
};

/** `datetime-local` value (the reader's time) of a moment. */
const localInput = (date: Date) =>
  new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

/** Resolves an alert with a note, or snoozes it until a date and time. */
export function AlertDecisionDialog({ subject, decision, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [until, setUntil] = useState(() => localInput(new Date(Date.now() + 24 * 3_600_000)));
  const resolving = subject?.action === 'resolve';

  const close = () => {
    decision.reset();
    setNote('');
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!subject) return;
    const id = subject.alert.id;
    decision.mutate(
      resolving
        ? { id, action: 'resolve', note: note.trim() }
        : { id, action: 'snooze', until: new Date(until).toISOString() },
      {
        onSuccess: () => {
          close();
          onDone(t(resolving ? 'alerts.resolved' : 'alerts.snoozed'));
        },
      },
    );
  };

  return (
    <Dialog
      open={subject !== null}
      onClose={close}
      title={t(resolving ? 'alerts.resolveTitle' : 'alerts.snoozeTitle')}
    >
      <form onSubmit={submit} className="space-y-4">
        {resolving ? (
          <TextField
            label={t('alerts.note')}
            required
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        ) : (
          <TextField
            label={t('alerts.until')}
            type="datetime-local"
            required
            min={localInput(new Date())}
            value={until}
            onChange={(e) => setUntil(e.target.value)}
          />
        )}
        <ErrorAlert error={decision.error} />
        <DialogActions
          onCancel={close}
          busy={decision.isPending}
          disabled={resolving ? note.trim().length === 0 : !until}
          label={t(resolving ? 'alerts.resolve' : 'alerts.snooze')}
        />
      </form>
    </Dialog>
  );
}
