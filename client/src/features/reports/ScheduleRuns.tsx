import { useTranslation } from 'react-i18next';
import type { ReportSchedule } from '../../../../common/reports.ts';
import { focusRing } from '../../ui/Button.tsx';
import { ErrorAlert, Skeleton } from '../../ui/Feedback.tsx';
import { cellFormatter } from './cells.ts';
import { useScheduleRuns } from './schedules.api.ts';
import { parisDateTime, runDuration } from './words.ts';

const runTones = {
  queued: 'text-slate-700',
  running: 'text-blue-800',
  sent: 'text-emerald-800',
  failed: 'text-red-700',
};

/** A schedule's sendings: when each was due, the period it covered, how it went and to whom. */
export function ScheduleRuns({ schedule }: { schedule: ReportSchedule }) {
  const { t, i18n } = useTranslation();
  const runs = useScheduleRuns(schedule.id);
  const day = cellFormatter(i18n.language);
  const caption = t('reports.schedules.runs.caption', { name: schedule.name });
  if (runs.isError) return <ErrorAlert error={runs.error} />;
  if (!runs.data) return <Skeleton className="h-20" />;
  if (runs.data.length === 0)
    return <p className="text-sm text-slate-600">{t('reports.schedules.noRuns')}</p>;
  const headers = ['due', 'period', 'status', 'duration', 'recipients', 'error'] as const;
  return (
    <section
      aria-label={caption}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a box that scrolls must be reachable by keyboard
      tabIndex={0}
      className={`overflow-x-auto rounded-md ${focusRing}`}
    >
      <table className="w-full text-left text-sm" data-testid="schedule-runs">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-200 text-xs text-slate-600">
            {headers.map((header) => (
              <th
                key={header}
                scope="col"
                className={`px-2 py-1.5 font-medium ${header === 'duration' ? 'text-right' : ''}`}
              >
                {t(`reports.schedules.runs.${header}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {runs.data.map((run) => (
            <tr key={run.id} className="border-b border-slate-100 last:border-0">
              <th scope="row" className="px-2 py-1.5 font-normal">
                {parisDateTime(run.dueAt, i18n.language)}
              </th>
              <td className="px-2 py-1.5">
                {t('reports.schedules.runs.range', {
                  from: day(run.periodFrom, 'date'),
                  to: day(run.periodTo, 'date'),
                })}
              </td>
              <td className={`px-2 py-1.5 font-medium ${runTones[run.status]}`}>
                {t(`reports.schedules.runs.statuses.${run.status}`)}
              </td>
              <td className="px-2 py-1.5 text-right tabular-nums">
                {run.durationMs === null ? '—' : runDuration(run.durationMs, i18n.language)}
              </td>
              <td className="px-2 py-1.5">{run.recipients.join(', ')}</td>
              <td className="px-2 py-1.5 text-red-700">{run.error ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
