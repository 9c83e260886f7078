import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportSchedule } from '../../../../common/reports.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { DialogActions } from '../../ui/DialogActions.tsx';
import { ErrorAlert, Notice, Skeleton } from '../../ui/Feedback.tsx';
import { ScheduleForm } from './ScheduleForm.tsx';
import { ScheduleRuns } from './ScheduleRuns.tsx';
import { frequencySentence } from './schedule.ts';
import { useDeleteSchedule, useSchedules, useSetScheduleActive } from './schedules.api.ts';
import type { ReportSelection } from './selection.ts';
import { parisDateTime } from './words.ts';

/** "Envois programmés": the reader's schedules, each paused, resumed, deleted or its history opened; a new one. */
export function SchedulesSection({ selection }: { selection: ReportSelection }) {
  const { t } = useTranslation();
  const titleId = useId();
  const schedules = useSchedules();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  return (
    <section
      aria-labelledby={titleId}
      className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5"
      data-testid="schedules"
    >
      <div className="mb-3 flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-60 flex-1">
          <h2 id={titleId} className="text-lg font-semibold text-slate-900">
            {t('reports.schedules.title')}
          </h2>
          <p className="text-sm text-slate-600">{t('reports.schedules.intro')}</p>
        </div>
        <Button
          onClick={() => {
            setCreated(null);
            setCreating(true);
          }}
        >
          {t('reports.schedules.create')}
        </Button>
      </div>
      {created && <Notice tone="success">{t('reports.schedules.created', { name: created })}</Notice>}
      {schedules.isError ? (
        <ErrorAlert error={schedules.error} />
      ) : !schedules.data ? (
        <Skeleton className="h-24" />
      ) : schedules.data.length === 0 ? (
        <p className="text-sm text-slate-600">{t('reports.schedules.empty')}</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {schedules.data.map((schedule) => (
            <ScheduleItem key={schedule.id} schedule={schedule} />
          ))}
        </ul>
      )}
      <Dialog open={creating} title={t('reports.schedules.formTitle')} onClose={() => setCreating(false)}>
        <ScheduleForm
          selection={selection}
          onCancel={() => setCreating(false)}
          onCreated={(schedule) => {
            setCreating(false);
            setCreated(schedule.name);
          }}
        />
      </Dialog>
    </section>
  );
}

function ScheduleItem({ schedule }: { schedule: ReportSchedule }) {
  const { t, i18n } = useTranslation();
  const runsId = useId();
  const [history, setHistory] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const setActive = useSetScheduleActive();
  const remove = useDeleteSchedule();
  const lastRun = schedule.lastRun;
  const confirmDelete = (event: FormEvent) => {
    event.preventDefault();
    remove.mutate(schedule.id, { onSuccess: () => setDeleting(false) });
  };
  return (
    <li className="space-y-2 py-3" data-testid="schedule-item">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h3 className="font-medium text-slate-900">{schedule.name}</h3>
        <span className="text-sm text-slate-600">
          {t(`reports.types.${schedule.type}`)} · {t(`reports.formats.${schedule.format}`)}
        </span>
        {!schedule.active && (
          <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800">
            {t('reports.schedules.paused')}
          </span>
        )}
      </div>
      <p className="text-sm text-slate-800" data-testid="schedule-frequency">
        {frequencySentence(schedule, i18n.language, t)}
      </p>
      <p className="text-sm break-words text-slate-700">
        {t('reports.schedules.to', { recipients: schedule.recipients.join(', ') })}
      </p>
      <p className="text-xs text-slate-600">
        {schedule.active &&
          `${t('reports.schedules.nextRun', { date: parisDateTime(schedule.nextRunAt, i18n.language) })} · `}
        {lastRun
          ? t('reports.schedules.lastRun', { status: t(`reports.schedules.runs.statuses.${lastRun.status}`) })
          : t('reports.schedules.neverRun')}
      </p>
      <div className="flex flex-wrap gap-2">
        <Button
          size="sm"
          variant="secondary"
          busy={setActive.isPending}
          onClick={() => setActive.mutate({ id: schedule.id, active: !schedule.active })}
        >
          {t(schedule.active ? 'reports.schedules.pause' : 'reports.schedules.resume')}
        </Button>
        <Button
          size="sm"
          variant="secondary"
          aria-expanded={history}
          aria-controls={history ? runsId : undefined}
          onClick={() => setHistory(!history)}
        >
          {t('reports.schedules.history')}
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setDeleting(true)}>
          {t('reports.schedules.delete')}
        </Button>
      </div>
      {setActive.isError && <ErrorAlert error={setActive.error} />}
      {history && (
        <div id={runsId}>
          <ScheduleRuns schedule={schedule} />
        </div>
      )}
      <Dialog
        open={deleting}
        title={t('reports.schedules.deleteTitle', { name: schedule.name })}
        onClose={() => setDeleting(false)}
      >
        <form onSubmit={confirmDelete} className="space-y-4">
          <p className="text-sm text-slate-700">{t('reports.schedules.deleteText')}</p>
          {remove.isError && <ErrorAlert error={remove.error} />}
          <DialogActions
            onCancel={() => setDeleting(false)}
            variant="danger"
            label={t('reports.schedules.delete')}
            busy={remove.isPending}
          />
        </form>
      </Dialog>
    </li>
  );
}
