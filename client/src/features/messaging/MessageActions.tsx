import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../../../common/messaging.ts';
import { MESSAGE_EDIT_WINDOW_MS } from '../../../../common/messaging-limits.ts';
import { Button } from '../../ui/Button.tsx';
import { useErrorMessage } from '../../ui/Feedback.tsx';
import { useUnavailableUntilTakenOver } from '../../ui/useUnavailableUntilTakenOver.ts';

type Props = { message: Message; onRevise: (messageId: string, body: string | null) => Promise<void> };

/** Edit (for 15 minutes after sending) or delete one's own message. */
export function MessageActions({ message, onRevise }: Props) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.body);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const unavailable = useUnavailableUntilTakenOver();
  const editable = Date.now() - new Date(message.createdAt).getTime() < MESSAGE_EDIT_WINDOW_MS;

  const run = async (body: string | null) => {
    setBusy(true);
    setError(null);
    try {
      await onRevise(message.id, body);
      setEditing(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (editing) {
    return (
      <form
        className="mt-2 basis-full space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (draft.trim()) void run(draft.trim());
        }}
      >
        <label className="sr-only" htmlFor={`edit-${message.id}`}>
          {t('messaging.editLabel')}
        </label>
        <textarea
          id={`edit-${message.id}`}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          rows={2}
          className="block w-full rounded-md border border-slate-300 px-2 py-1 text-sm text-slate-900"
        />
        {error !== null && (
          <p role="alert" className="text-xs">
            {errorMessage(error)}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <Button size="sm" variant="secondary" onClick={() => setEditing(false)}>
            {t('common.cancel')}
          </Button>
          <Button size="sm" type="submit" variant="secondary" busy={busy}>
            {t('common.save')}
          </Button>
        </div>
      </form>
    );
  }
  return (
    <span className="mr-auto flex gap-2">
      {editable && (
        <button type="button" className="underline" onClick={() => setEditing(true)} {...unavailable}>
          {t('messaging.edit')}
        </button>
      )}
      <button
        type="button"
        className="underline"
        onClick={() => window.confirm(t('messaging.confirmDelete')) && void run(null)}
        {...unavailable}
      >
        {t('messaging.delete')}
      </button>
      {error !== null && !editing && <span role="alert">{errorMessage(error)}</span>}
    </span>
  );
}
