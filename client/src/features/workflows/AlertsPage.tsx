import '../../i18n/workflow-pages.ts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { Alert } from '../../../../common/alerts.ts';
import {
  type AlertSeverity,
  type AlertState,
  type AlertType,
  alertSeverities,
  alertStates,
  alertTypes,
} from '../../../../common/workflow-constants.ts';
import { useUser } from '../../lib/session.tsx';
import { Button, focusRing } from '../../ui/Button.tsx';
import { EmptyState, Notice, PageHeader } from '../../ui/Feedback.tsx';
import { SelectField } from '../../ui/Field.tsx';
import { PagedList } from '../../ui/PagedList.tsx';
import { AlertDecisionDialog } from './AlertDecisionDialog.tsx';
import { AlertRow, severityTones } from './AlertRow.tsx';
import { useAlertCounts } from './alertCounts.api.ts';
import { useAlertDecision, useAlerts } from './alerts.api.ts';
import type { AlertFilters } from './workflows.keys.ts';

function Counts() {
  const { t } = useTranslation();
  const counts = useAlertCounts().data;
  return (
    <dl className="grid grid-cols-2 gap-2 sm:grid-cols-5" data-testid="alert-counts">
      <div className="rounded-lg border border-slate-200 bg-white p-3">
        <dt className="text-xs text-slate-500">{t('alerts.toHandle')}</dt>
        <dd className="text-xl font-semibold">{counts?.open ?? '–'}</dd>
      </div>
      {alertSeverities.map((s) => (
        <div key={s} className="rounded-lg border border-slate-200 bg-white p-3">
          <dt>
            <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${severityTones[s]}`}>
              {t(`alerts.severities.${s}`)}
            </span>
          </dt>
          <dd className="mt-1 text-xl font-semibold">{counts ? (counts.bySeverity[s] ?? 0) : '–'}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Reads a filter's value from a select: empty is "any". */
const one = <T extends string>(value: string) => (value ? [value as T] : undefined);

/**
 * The alert centre of experts (their own alerts) and admins (all): counts by severity, filters, and each alert's
 * dossier, acknowledged, resolved with a note or snoozed until a time.
 */
export function AlertsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const [severity, setSeverity] = useState('');
  const [type, setType] = useState('');
  const [state, setState] = useState('');
  const dossierId = params.get('dossierId') ?? undefined;
  const filters: AlertFilters = {
    severity: one<AlertSeverity>(severity),
    type: one<AlertType>(type),
    state: one<AlertState>(state),
    dossierId,
  };
  const query = useAlerts(filters);
  const decision = useAlertDecision();
  const [asking, setAsking] = useState<{ alert: Alert; action: 'resolve' | 'snooze' } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const options = (values: readonly string[], group: string) => [
    { value: '', label: t('common.all') },
    ...values.map((v) => ({ value: v, label: t(`alerts.${group}.${v}`) })),
  ];

  return (
    <div className="space-y-6">
      <PageHeader title={t('alerts.title')}>
        {user.role === 'admin' && (
          <Link to="/admin/workflows" className={`text-sm text-blue-700 underline ${focusRing}`}>
            {t('alerts.templatesLink')}
          </Link>
        )}
      </PageHeader>
      <Counts />
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-3">
        <SelectField
          label={t('alerts.filters.severity')}
          value={severity}
          options={options(alertSeverities, 'severities')}
          onChange={(e) => setSeverity(e.target.value)}
        />
        <SelectField
          label={t('alerts.filters.type')}
          value={type}
          options={options(alertTypes, 'types')}
          onChange={(e) => setType(e.target.value)}
        />
        <SelectField
          label={t('alerts.filters.state')}
          value={state}
          options={[
            { value: '', label: t('alerts.filters.unresolved') },
            ...alertStates.map((v) => ({ value: v, label: t(`alerts.states.${v}`) })),
          ]}
          onChange={(e) => setState(e.target.value)}
        />
      </div>
      {dossierId && (
        <p className="flex flex-wrap items-center gap-2 text-sm">
          {t('alerts.filters.dossier')}
          <Button size="sm" variant="secondary" onClick={() => setParams({})}>
            {t('alerts.filters.allDossiers')}
          </Button>
        </p>
      )}
      {done && <Notice tone="success">{done}</Notice>}
      <PagedList
        query={query}
        label={t('alerts.list')}
        className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white"
        empty={<EmptyState title={t('alerts.empty')} />}
      >
        {(alert) => (
          <AlertRow
            key={alert.id}
            alert={alert}
            decision={decision}
            onAsk={(a, action) => {
              setDone(null);
              setAsking({ alert: a, action });
            }}
          />
        )}
      </PagedList>
      <AlertDecisionDialog
        subject={asking}
        decision={decision}
        onClose={() => setAsking(null)}
        onDone={setDone}
      />
    </div>
  );
}
