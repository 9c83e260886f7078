import { useTranslation } from 'react-i18next';
import { ErrorAlert, LoadingRows } from '../../ui/Feedback.tsx';
import { useTemplateDiff } from './templates.api.ts';
import { useWorkflowFormat } from './useWorkflowFormat.ts';

/** What changed between two versions of a template: steps added, removed, changed (which settings), moved. */
export function DiffView({ productCode, from, to }: { productCode: string; from: number; to: number }) {
  const { t } = useTranslation();
  const format = useWorkflowFormat();
  const query = useTemplateDiff(productCode, from, to);
  if (from === to) return <p className="text-sm text-slate-600">{t('workflowEditor.diff.same')}</p>;
  if (query.isPending) return <LoadingRows rows={1} />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  const { added, removed, changed, moved } = query.data;
  const lines = [
    ...added.map((s) => ({
      kind: 'added',
      text: t('workflowEditor.diff.added', { name: format.name(s.name), position: s.position + 1 }),
    })),
    ...removed.map((s) => ({
      kind: 'removed',
      text: t('workflowEditor.diff.removed', { name: format.name(s.name) }),
    })),
    ...changed.map((s) => ({
      kind: 'changed',
      text: t('workflowEditor.diff.changed', { name: format.name(s.name), fields: s.fields.join(', ') }),
    })),
    ...moved.map((s) => ({
      kind: 'moved',
      text: t('workflowEditor.diff.moved', { key: s.key, from: s.from + 1, to: s.to + 1 }),
    })),
  ];
  const tones: Record<string, string> = {
    added: 'text-emerald-800',
    removed: 'text-red-800',
    changed: 'text-amber-900',
    moved: 'text-slate-700',
  };
  if (lines.length === 0) return <p className="text-sm text-slate-600">{t('workflowEditor.diff.none')}</p>;
  return (
    <ul className="space-y-1 text-sm" data-testid="template-diff">
      {lines.map((line) => (
        <li key={`${line.kind}:${line.text}`} className={tones[line.kind]}>
          {line.text}
        </li>
      ))}
    </ul>
  );
}
