import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkflowTemplate } from '../../../../common/workflows.ts';
import { Button } from '../../ui/Button.tsx';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { TextField } from '../../ui/Field.tsx';
import { StepCard } from './StepCard.tsx';
import { StepEditor } from './StepEditor.tsx';
import { type DraftStep, fromDraft, moveStep, newStep, stepAtFault, toDraft } from './templateDraft.ts';
import { useSaveVersion } from './templates.api.ts';
import { useWorkflowFormat } from './useWorkflowFormat.ts';

type Props = { template: WorkflowTemplate; onSaved: (version: number) => void };

/** The steps of a product's current template, edited as a draft; saving writes the next version with a note. */
export function TemplateEditor({ template, onSaved }: Props) {
  const { t } = useTranslation();
  const format = useWorkflowFormat();
  const save = useSaveVersion(template.productCode);
  const [steps, setSteps] = useState<DraftStep[]>(() => toDraft(template.steps));
  const [openUid, setOpenUid] = useState<string | null>(null);
  const [dragged, setDragged] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const [announce, setAnnounce] = useState('');
  const faulty = stepAtFault(save.error, steps);

  const move = (from: number, to: number) => {
    const next = moveStep(steps, from, to);
    if (next === steps) return;
    setSteps(next);
    const moved = next.findIndex((s) => s.uid === steps[from]?.uid);
    setAnnounce(
      t('workflowEditor.moved', {
        name: format.name(next[moved]!.name),
        position: moved + 1,
        count: next.length,
      }),
    );
    // The moved step's handle keeps the focus in its new place.
    requestAnimationFrame(() =>
      document.querySelectorAll<HTMLButtonElement>('[data-testid="editor-step"] [draggable]')[moved]?.focus(),
    );
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      { steps: fromDraft(steps), note: note.trim() || undefined },
      {
        onSuccess: (saved) => {
          setNote('');
          onSaved(saved.version);
        },
      },
    );
  };

  return (
    <form onSubmit={submit} className="space-y-4">
      <p aria-live="polite" className="sr-only">
        {announce}
      </p>
      <p className="text-sm text-slate-600">{t('workflowEditor.reorderHint')}</p>
      <ol className="space-y-2">
        {steps.map((step, index) => (
          <StepCard
            key={step.uid}
            step={step}
            index={index}
            count={steps.length}
            open={openUid === step.uid}
            onToggle={() => setOpenUid(openUid === step.uid ? null : step.uid)}
            onMove={(to) => move(index, to)}
            onRemove={() => setSteps(steps.filter((s) => s.uid !== step.uid))}
            onAdd={() => {
              const next = newStep(steps, index, step.status);
              setSteps(next);
              setOpenUid(next[index + 1]!.uid);
            }}
            onDragStart={setDragged}
            onDrop={(to) => {
              if (dragged !== null) move(dragged, to);
              setDragged(null);
            }}
            error={faulty === step.key ? <ErrorAlert error={save.error} /> : null}
          >
            <StepEditor
              step={step}
              onChange={(changed) => setSteps(steps.map((s) => (s.uid === step.uid ? changed : s)))}
            />
          </StepCard>
        ))}
      </ol>
      {save.error && !faulty ? <ErrorAlert error={save.error} /> : null}
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1 basis-60">
          <TextField
            label={`${t('workflowEditor.note')} (${t('common.optional')})`}
            maxLength={500}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </div>
        <Button type="submit" busy={save.isPending}>
          {t('workflowEditor.save')}
        </Button>
      </div>
    </form>
  );
}
