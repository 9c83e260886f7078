import '../../i18n/monitoring-pages.ts';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { MonitoringWindow } from '../../../../common/monitoring.ts';
import { Button, focusRing } from '../../ui/Button.tsx';
import { Card, EmptyState, ErrorAlert, LoadingRows, PageHeader } from '../../ui/Feedback.tsx';
import { formatPercent, formatTime, formatUptime } from './format.ts';
import { errorRateThresholds, latencyThresholdsMs } from './levels.ts';
import { useMonitoring } from './monitoring.api.ts';
import { PlatformPanels } from './PlatformPanels.tsx';
import { RouteTable } from './RouteTable.tsx';
import { SlowQueriesPanel } from './SlowQueriesPanel.tsx';

const windows: MonitoringWindow[] = ['hour', 'day'];

function WindowToggle({
  value,
  onChange,
}: {
  value: MonitoringWindow;
  onChange: (w: MonitoringWindow) => void;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="flex rounded-lg bg-slate-100 p-1">
      <legend className="sr-only">{t('monitoring.window.label')}</legend>
      {windows.map((w) => (
        <button
          key={w}
          type="button"
          aria-pressed={value === w}
          onClick={() => onChange(w)}
          className={`rounded-md px-3 py-1.5 text-sm font-medium ${focusRing} ${
            value === w ? 'bg-blue-700 text-white' : 'text-slate-800'
          }`}
        >
          {t(`monitoring.window.${w}`)}
        </button>
      ))}
    </fieldset>
  );
}

/** The admins' performance page: this instance's API timings, the database, job queues, sockets and runtime. */
export function MonitoringPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const window: MonitoringWindow = params.get('periode') === 'day' ? 'day' : 'hour';
  const report = useMonitoring(window);
  const data = report.data;

  return (
    <>
      <PageHeader title={t('monitoring.title')}>
        <div className="flex flex-wrap items-center gap-3">
          <WindowToggle value={window} onChange={(w) => setParams(w === 'hour' ? {} : { periode: w })} />
          <Button variant="secondary" busy={report.isFetching} onClick={() => void report.refetch()}>
            {t('monitoring.refresh')}
          </Button>
        </div>
      </PageHeader>
      <p className="-mt-3 mb-2 max-w-3xl text-sm text-slate-600">{t('monitoring.lead')}</p>
      {data && (
        <p className="mb-6 text-sm text-slate-600" aria-live="polite">
          {t('monitoring.updatedAt', { time: formatTime(data.generatedAt) })} ·{' '}
          {t('monitoring.instance', {
            id: data.instance.id,
            uptime: formatUptime(data.instance.uptimeSeconds),
          })}
        </p>
      )}
      {report.isError && <ErrorAlert error={report.error} />}
      {report.isPending ? (
        <LoadingRows rows={4} />
      ) : data ? (
        <div className="space-y-6">
          <Card className="space-y-3">
            <h2 className="text-lg font-semibold">{t('monitoring.routes.title')}</h2>
            <p className="text-xs text-slate-600">
              {t('monitoring.routes.legend', {
                good: latencyThresholdsMs.good,
                bad: latencyThresholdsMs.bad,
                errors: formatPercent(errorRateThresholds.bad),
              })}
            </p>
            {data.routes.length === 0 ? (
              <EmptyState title={t('monitoring.routes.empty')} />
            ) : (
              <RouteTable routes={data.routes} caption={t('monitoring.routes.caption')} />
            )}
          </Card>
          <SlowQueriesPanel slowQueries={data.slowQueries} />
          <PlatformPanels report={data} />
        </div>
      ) : null}
    </>
  );
}
