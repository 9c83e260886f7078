import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button.tsx';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { TextField } from '../../ui/Field.tsx';
import { usePreview } from './templates.api.ts';
import { useWorkflowFormat } from './useWorkflowFormat.ts';

/** A dossier's path through a version: which steps apply to it, and where it stands. */
export function PreviewPanel({ productCode, version }: { productCode: string; version: number }) {
  const { t } = useTranslation();
  const format = useWorkflowFormat();
  const preview = usePreview(productCode);
  const [dossierId, setDossierId] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    preview.mutate({ version, ...(dossierId.trim() ? { dossierId: dossierId.trim() } : {}) });
  };
  return (
    <div className="space-y-3">
      <form onSubmit={submit} className="flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1 basis-60">
          <TextField
            label={`${t('workflowEditor.preview.dossier')} (${t('common.optional')})`}
            value={dossierId}
            onChange={(e) => setDossierId(e.target.value)}
          />
        </div>
        <Button type="submit" variant="secondary" busy={preview.isPending}>
          {t('workflowEditor.preview.run')}
        </Button>
      </form>
      <ErrorAlert error={preview.error} />
      {preview.data && (
        <ol className="space-y-1 text-sm" data-testid="template-preview">
          {preview.data.steps.map((s) => (
            <li
              key={s.key}
              className={`${s.applies ? '' : 'text-slate-400 line-through'} ${s.current ? 'font-semibold text-blue-800' : ''}`}
            >
              {format.name(s.name)} · {t(`status.${s.status}`)} · {t(`roles.${s.role}`)}
              {!s.applies && <span className="sr-only"> ({t('workflows.states.not_applicable')})</span>}
              {s.current && ` ← ${t('workflowEditor.preview.current')}`}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
