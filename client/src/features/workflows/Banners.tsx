import { useTranslation } from 'react-i18next';
import type { WorkflowProgress } from '../../../../common/workflows.ts';
import { formatDuration } from './duration.ts';
import { useWorkflowFormat } from './useWorkflowFormat.ts';

type Banner = WorkflowProgress['banners'][number];

const tones: Record<Banner['kind'], string> = {
  documents_awaited: 'border-amber-200 bg-amber-50 text-amber-950',
  sla_approaching: 'border-amber-200 bg-amber-50 text-amber-950',
  sla_breached: 'border-red-200 bg-red-50 text-red-900',
  paused: 'border-slate-200 bg-slate-50 text-slate-800',
};

/** The dossier's contextual warnings: documents awaited for days, a deadline near or passed, a pause. */
export function Banners({ banners, now = new Date() }: { banners: Banner[]; now?: Date }) {
  const { t } = useTranslation();
  const format = useWorkflowFormat();
  if (banners.length === 0) return null;
  return (
    <ul className="space-y-2" data-testid="workflow-banners">
      {banners.map((b) => (
        <li key={b.kind} className={`rounded-lg border px-3 py-2 text-sm ${tones[b.kind]}`}>
          {t(`workflows.banners.${b.kind}`, {
            count: b.count ?? 0,
            since: b.since
              ? formatDuration(now.getTime() - new Date(b.since).getTime(), format.locale, 'long')
              : '',
            due: b.dueAt ? format.due(b.dueAt, now).text : '',
          })}
        </li>
      ))}
    </ul>
  );
}
