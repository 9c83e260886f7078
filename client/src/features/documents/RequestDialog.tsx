import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentCategory } from '../../../../common/documents.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { DialogActions } from '../../ui/DialogActions.tsx';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { useCreateRequest } from './documents.api.ts';
import { useDocumentFormat } from './format.ts';

type Props = {
  dossierId: string;
  open: boolean;
  /** The category proposed first (a missing one of the checklist). */
  category: DocumentCategory;
  onClose: () => void;
  onDone: () => void;
};

/** The expert (or an admin) asks the client for a document: its category, a note, a due date. */
export function RequestDialog({ dossierId, open, category: proposed, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const { categoryOptions } = useDocumentFormat();
  const create = useCreateRequest(dossierId);
  const [category, setCategory] = useState<DocumentCategory | null>(null);
  const [note, setNote] = useState('');
  const [dueDate, setDueDate] = useState('');
  const chosen = category ?? proposed;

  const close = () => {
    create.reset();
    setCategory(null);
    setNote('');
    setDueDate('');
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { category: chosen, note: note.trim() || undefined, dueDate: dueDate || undefined },
      {
        onSuccess: () => {
          close();
          onDone();
        },
      },
    );
  };

  return (
    <Dialog open={open} onClose={close} title={t('documents.requests.createTitle')}>
      <form onSubmit={submit} className="space-y-4">
        <SelectField
          label={t('documents.upload.category')}
          value={chosen}
          options={categoryOptions()}
          onChange={(e) => setCategory(e.target.value as DocumentCategory)}
        />
        <TextField
          label={`${t('documents.requests.note')} (${t('common.optional')})`}
          value={note}
          maxLength={1000}
          onChange={(e) => setNote(e.target.value)}
        />
        <TextField
          label={`${t('documents.requests.dueDate')} (${t('common.optional')})`}
          type="date"
          value={dueDate}
          min={new Date().toISOString().slice(0, 10)}
          onChange={(e) => setDueDate(e.target.value)}
        />
        <ErrorAlert error={create.error} />
        <DialogActions onCancel={close} busy={create.isPending} label={t('documents.requests.send')} />
      </form>
    </Dialog>
  );
}
