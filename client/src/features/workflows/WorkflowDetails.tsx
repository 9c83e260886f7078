import { useTranslation } from 'react-i18next';
import type { WorkflowProgress } from '../../../../common/workflows.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useWorkflowFormat } from './useWorkflowFormat.ts';

/** Folded under the steps: the time each party held the dossier, the time paused, and every step's transitions. */
export function WorkflowDetails({ progress }: { progress: WorkflowProgress }) {
  const { t } = useTranslation();
  const format = useWorkflowFormat();
  const parties = ['client', 'expert', 'admin'] as const;
  return (
    <details className="rounded-lg border border-slate-200 p-3 text-sm">
      <summary className="cursor-pointer font-medium">{t('workflows.details')}</summary>
      <dl className="mt-3 grid grid-cols-2 gap-2 sm:grid-cols-4">
        {parties.map((party) => (
          <div key={party} className="rounded bg-slate-50 p-2">
            <dt className="text-xs text-slate-500">{t('workflows.timeOf', { role: t(`roles.${party}`) })}</dt>
            <dd className="font-medium">{format.duration(progress.timeByParty[party])}</dd>
          </div>
        ))}
        <div className="rounded bg-slate-50 p-2">
          <dt className="text-xs text-slate-500">{t('workflows.pausedTime')}</dt>
          <dd className="font-medium">{format.duration(progress.pausedMs)}</dd>
        </div>
      </dl>
      <p className="mt-3 text-xs text-slate-500">
        {t('workflows.version', { version: progress.template.version })}
      </p>
      <ol className="mt-3 space-y-1">
        {[...progress.timeline].reverse().map((e) => (
          <li key={`${e.at}:${e.event}:${e.stepKey}`} className="text-slate-700">
            <time dateTime={e.at} className="text-xs text-slate-500">
              {formatDateTime(e.at)}
            </time>{' '}
            {t(`workflows.events.${e.event}`, { name: format.name(e.stepName) })}
            {e.actor && ` · ${t('dossiers.by', { name: e.actor.name })}`}
            {e.note && <span className="text-slate-500"> — {e.note}</span>}
          </li>
        ))}
      </ol>
    </details>
  );
}
