import type { DragEvent, KeyboardEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, focusRing } from '../../ui/Button.tsx';
import type { DraftStep } from './templateDraft.ts';
import { useWorkflowFormat } from './useWorkflowFormat.ts';

type Props = {
  step: DraftStep;
  index: number;
  count: number;
  open: boolean;
  onToggle: () => void;
  onMove: (to: number) => void;
  onRemove: () => void;
  onAdd: () => void;
  /** Drag and drop: the step dragged (its index) lands on this one. */
  onDragStart: (index: number) => void;
  onDrop: (index: number) => void;
  /** The server's refusal about this step. */
  error: ReactNode;
  children: ReactNode;
};

/**
 * One step in the editor: a summary line that moves (dragged, its arrows, or Alt+↑/↓ on its handle), opens its
 * settings, is removed or followed by a new step; the server's refusal about it shows right there.
 */
export function StepCard({
  step,
  index,
  count,
  open,
  onToggle,
  onMove,
  onRemove,
  onAdd,
  onDragStart,
  onDrop,
  error,
  children,
}: Props) {
  const { t } = useTranslation();
  const format = useWorkflowFormat();
  const name = format.name(step.name);
  const onKeyDown = (e: KeyboardEvent) => {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    onMove(index + (e.key === 'ArrowUp' ? -1 : 1));
  };
  return (
    <li
      data-testid="editor-step"
      data-step={step.key}
      onDragOver={(e: DragEvent) => e.preventDefault()}
      onDrop={(e: DragEvent) => {
        e.preventDefault();
        onDrop(index);
      }}
      className={`rounded-lg border bg-white ${error ? 'border-red-300' : 'border-slate-200'}`}
    >
      <div className="flex flex-wrap items-center gap-2 p-2">
        <button
          type="button"
          draggable
          onDragStart={(e) => {
            e.dataTransfer.effectAllowed = 'move';
            e.dataTransfer.setData('text/plain', step.key);
            onDragStart(index);
          }}
          onKeyDown={onKeyDown}
          aria-label={t('workflowEditor.handle', { name, position: index + 1, count })}
          className={`cursor-grab rounded px-2 py-1 text-slate-500 hover:bg-slate-100 ${focusRing}`}
        >
          ⠿
        </button>
        <button
          type="button"
          onClick={onToggle}
          aria-expanded={open}
          className={`min-w-0 flex-1 basis-40 rounded text-left ${focusRing}`}
        >
          <span className="font-medium">{name}</span>{' '}
          <span className="text-xs text-slate-500">
            {t(`status.${step.status}`)} · {t(`roles.${step.role}`)}
            {step.skipIf !== undefined && ` · ${t('workflowEditor.conditional')}`}
          </span>
        </button>
        <div className="flex gap-1">
          <Button
            size="sm"
            variant="ghost"
            disabled={index === 0}
            aria-label={t('workflowEditor.moveUp', { name })}
            onClick={() => onMove(index - 1)}
          >
            ↑
          </Button>
          <Button
            size="sm"
            variant="ghost"
            disabled={index === count - 1}
            aria-label={t('workflowEditor.moveDown', { name })}
            onClick={() => onMove(index + 1)}
          >
            ↓
          </Button>
          <Button
            size="sm"
            variant="ghost"
            aria-label={t('workflowEditor.addAfter', { name })}
            onClick={onAdd}
          >
            +
          </Button>
          <Button
            size="sm"
            variant="ghost"
            disabled={count === 1}
            aria-label={t('workflowEditor.remove', { name })}
            onClick={onRemove}
          >
            ✕
          </Button>
        </div>
      </div>
      {error && <div className="px-3 pb-2">{error}</div>}
      {open && <div className="border-t border-slate-200 p-3">{children}</div>}
    </li>
  );
}
