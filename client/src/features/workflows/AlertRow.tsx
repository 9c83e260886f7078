import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Alert } from '../../../../common/alerts.ts';
import { formatDateTime } from '../../lib/format.ts';
import { Button, focusRing } from '../../ui/Button.tsx';
import type { useAlertDecision } from './alerts.api.ts';
import { useWorkflowFormat } from './useWorkflowFormat.ts';

export const severityTones: Record<Alert['severity'], string> = {
  info: 'bg-slate-100 text-slate-800',
  warning: 'bg-amber-100 text-amber-900',
  high: 'bg-red-100 text-red-900',
  critical: 'bg-red-700 text-white',
};

type Props = {
  alert: Alert;
  decision: ReturnType<typeof useAlertDecision>;
  /** Opens the resolve (note) or snooze (time) dialog. */
  onAsk: (alert: Alert, action: 'resolve' | 'snooze') => void;
};

/** One alert: severity, what happened on which dossier and step, its state, and what may be done with it. */
export function AlertRow({ alert: a, decision, onAsk }: Props) {
  const { t } = useTranslation();
  const format = useWorkflowFormat();
  const open = a.state !== 'resolved';
  const label = `${t(`alerts.types.${a.type}`)}${a.dossier ? `, ${a.dossier.reference}` : ''}`;
  return (
    <li data-testid="alert" data-type={a.type} data-state={a.state} className="flex flex-wrap gap-3 p-4">
      <div className="min-w-0 flex-1 basis-64 space-y-1">
        <p className="flex flex-wrap items-center gap-2">
          <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${severityTones[a.severity]}`}>
            {t(`alerts.severities.${a.severity}`)}
          </span>
          <span className="font-medium">{t(`alerts.types.${a.type}`)}</span>
          <span className="text-xs text-slate-500">{t(`alerts.states.${a.state}`)}</span>
        </p>
        <p className="text-sm text-slate-700">
          {t(`alerts.texts.${a.type}`, {
            ...a.data,
            step: a.step ? format.name(a.step.name) : '',
            level: a.level,
          })}
        </p>
        {a.dossier && (
          <p className="text-sm">
            <Link to={`/dossiers/${a.dossier.id}`} className={`text-blue-700 underline ${focusRing}`}>
              {a.dossier.reference}
            </Link>
            {` · ${a.dossier.companyName} · ${a.dossier.productCode}`}
          </p>
        )}
        <p className="text-xs text-slate-500">
          {t('alerts.raisedAt', { date: formatDateTime(a.createdAt) })}
          {a.assignee && ` · ${t('alerts.assignee', { name: a.assignee.name })}`}
          {a.snoozedUntil &&
            a.state === 'snoozed' &&
            ` · ${t('alerts.snoozedUntil', { date: formatDateTime(a.snoozedUntil) })}`}
        </p>
        {a.resolvedAt && (
          <p className="text-xs text-slate-500">
            {a.resolvedAutomatically
              ? t('alerts.resolvedAutomatically', { date: formatDateTime(a.resolvedAt) })
              : t('alerts.resolvedAt', { date: formatDateTime(a.resolvedAt) })}
            {a.resolutionNote && ` — ${a.resolutionNote}`}
          </p>
        )}
      </div>
      {open && (
        <div className="flex flex-wrap items-start gap-2">
          {a.state === 'open' && (
            <Button
              size="sm"
              variant="secondary"
              aria-label={`${t('alerts.acknowledge')}, ${label}`}
              busy={decision.isPending && decision.variables?.id === a.id}
              onClick={() => decision.mutate({ id: a.id, action: 'acknowledge' })}
            >
              {t('alerts.acknowledge')}
            </Button>
          )}
          <Button
            size="sm"
            variant="secondary"
            aria-label={`${t('alerts.snooze')}, ${label}`}
            onClick={() => onAsk(a, 'snooze')}
          >
            {t('alerts.snooze')}
          </Button>
          <Button
            size="sm"
            aria-label={`${t('alerts.resolve')}, ${label}`}
            onClick={() => onAsk(a, 'resolve')}
          >
            {t('alerts.resolve')}
          </Button>
        </div>
      )}
    </li>
  );
}
