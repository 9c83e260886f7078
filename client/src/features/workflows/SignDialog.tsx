import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { documentCategoryName } from '../../../../common/document-categories.ts';
import type { StepProgress } from '../../../../common/workflows.ts';
import { Dialog } from '../../ui/Dialog.tsx';
import { DialogActions } from '../../ui/DialogActions.tsx';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { TextField } from '../../ui/Field.tsx';
import { useSignStep } from './workflows.api.ts';

type Props = {
  open: boolean;
  dossierId: string;
  step: StepProgress;
  onClose: () => void;
  onDone: () => void;
};

/** The client signs the step's document (the expert's engagement letter): full name typed, statement accepted. */
export function SignDialog({ open, dossierId, step, onClose, onDone }: Props) {
  const { t, i18n } = useTranslation();
  const sign = useSignStep(dossierId);
  const [name, setName] = useState('');
  const [accept, setAccept] = useState(false);
  const document = documentCategoryName(
    step.signature?.documentCategory ?? '',
    i18n.language === 'en' ? 'en' : 'fr',
  );

  const close = () => {
    sign.reset();
    setName('');
    setAccept(false);
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!step.stepId || !accept) return;
    sign.mutate(
      { stepId: step.stepId, input: { signerName: name.trim(), accept: true } },
      {
        onSuccess: () => {
          close();
          onDone();
        },
      },
    );
  };

  return (
    <Dialog open={open} onClose={close} title={t('workflows.sign.title', { document })}>
      <form onSubmit={submit} className="space-y-4">
        <p className="text-sm text-slate-700">{t('workflows.sign.intro', { document })}</p>
        <TextField
          label={t('workflows.sign.name')}
          autoComplete="name"
          required
          minLength={3}
          maxLength={120}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <label className="flex items-start gap-2 text-sm">
          <input
            type="checkbox"
            className="mt-0.5 size-4"
            checked={accept}
            onChange={(e) => setAccept(e.target.checked)}
          />
          <span>{t('workflows.sign.accept', { document })}</span>
        </label>
        <ErrorAlert error={sign.error} />
        <DialogActions
          onCancel={close}
          busy={sign.isPending}
          disabled={!accept || name.trim().length < 3}
          label={t('workflows.sign.submit')}
        />
      </form>
    </Dialog>
  );
}
