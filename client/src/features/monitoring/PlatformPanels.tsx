import { useTranslation } from 'react-i18next';
import type { MonitoringReport } from '../../../../common/monitoring.ts';
import { Card, EmptyState } from '../../ui/Feedback.tsx';
import { formatBytes, formatCount, formatMs } from './format.ts';

const cell = 'px-2 py-1.5 text-right tabular-nums';

/** A label and its figure, in a definition list. */
function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div className="contents">
      <dt className="text-slate-600">{label}</dt>
      <dd className="text-right tabular-nums">{value}</dd>
    </div>
  );
}

function DatabasePanel({ database }: { database: MonitoringReport['database'] }) {
  const { t } = useTranslation();
  const { pool } = database;
  return (
    <Card className="space-y-3">
      <h2 className="text-lg font-semibold">{t('monitoring.database.title')}</h2>
      <dl className="grid grid-cols-[minmax(0,1fr)_auto] gap-x-3 gap-y-1 text-sm">
        <Figure label={t('monitoring.database.size')} value={formatBytes(database.sizeBytes)} />
        <Figure
          label={t('monitoring.database.pool')}
          value={`${pool.total} ${t('monitoring.database.poolTotal')} · ${pool.idle} ${t('monitoring.database.poolIdle')} · ${pool.waiting} ${t('monitoring.database.poolWaiting')}`}
        />
      </dl>
      <h3 className="text-sm font-medium">{t('monitoring.database.connections')}</h3>
      <dl className="grid grid-cols-[minmax(0,1fr)_auto] gap-x-3 gap-y-1 text-sm">
        {database.connections.map((c) => (
          <Figure key={c.state} label={c.state} value={formatCount(c.count)} />
        ))}
      </dl>
    </Card>
  );
}

function JobsPanel({ jobs }: { jobs: MonitoringReport['jobs'] }) {
  const { t } = useTranslation();
  const title = t('monitoring.jobs.title');
  return (
    <Card className="space-y-3">
      <h2 className="text-lg font-semibold">{title}</h2>
      {jobs.length === 0 ? (
        <EmptyState title={t('monitoring.jobs.empty')} />
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[28rem] border-collapse text-sm">
            <caption className="sr-only">{title}</caption>
            <thead>
              <tr className="border-b border-slate-200 text-xs text-slate-600">
                <th scope="col" className="px-2 py-1.5 text-left font-medium">
                  {t('monitoring.jobs.queue')}
                </th>
                {(['queued', 'deferred', 'active', 'failed'] as const).map((k) => (
                  <th key={k} scope="col" className={`${cell} font-medium`}>
                    {t(`monitoring.jobs.${k}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.queue} className="border-b border-slate-100">
                  <th scope="row" className="px-2 py-1.5 text-left font-mono text-xs font-normal break-all">
                    {j.queue}
                  </th>
                  <td className={cell}>{formatCount(j.queued)}</td>
                  <td className={cell}>{formatCount(j.deferred)}</td>
                  <td className={cell}>{formatCount(j.active)}</td>
                  <td className={`${cell} ${j.failedLastDay > 0 ? 'font-semibold text-red-800' : ''}`}>
                    {formatCount(j.failedLastDay)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function SocketsPanel({ sockets }: { sockets: MonitoringReport['sockets'] }) {
  const { t } = useTranslation();
  return (
    <Card className="space-y-3">
      <h2 className="text-lg font-semibold">{t('monitoring.sockets.title')}</h2>
      <p className="text-sm font-medium">{t('monitoring.sockets.total', { count: sockets.total })}</p>
      <dl className="grid grid-cols-[minmax(0,1fr)_auto] gap-x-3 gap-y-1 text-sm">
        {sockets.instances.map((i) => (
          <Figure key={i.instance} label={i.instance} value={formatCount(i.connected)} />
        ))}
      </dl>
      {!sockets.complete && <p className="text-sm text-amber-900">{t('monitoring.sockets.incomplete')}</p>}
    </Card>
  );
}

function RuntimePanel({ runtime }: { runtime: MonitoringReport['runtime'] }) {
  const { t } = useTranslation();
  const { eventLoopDelay: delay, memory } = runtime;
  return (
    <Card className="space-y-3">
      <h2 className="text-lg font-semibold">{t('monitoring.runtime.title')}</h2>
      <dl className="grid grid-cols-[minmax(0,1fr)_auto] gap-x-3 gap-y-1 text-sm">
        <Figure
          label={t('monitoring.runtime.eventLoop')}
          value={`p50 ${formatMs(delay.p50Ms)} · p99 ${formatMs(delay.p99Ms)} · max ${formatMs(delay.maxMs)}`}
        />
        <Figure
          label={`${t('monitoring.runtime.memory')} ${t('monitoring.runtime.rss')}`}
          value={formatBytes(memory.rssBytes)}
        />
        <Figure
          label={`${t('monitoring.runtime.memory')} ${t('monitoring.runtime.heap')}`}
          value={`${formatBytes(memory.heapUsedBytes)} / ${formatBytes(memory.heapTotalBytes)}`}
        />
      </dl>
    </Card>
  );
}

/** The database, the job queues, the sockets and this instance's process, as they are now. */
export function PlatformPanels({ report }: { report: MonitoringReport }) {
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
      <DatabasePanel database={report.database} />
      <SocketsPanel sockets={report.sockets} />
      <JobsPanel jobs={report.jobs} />
      <RuntimePanel runtime={report.runtime} />
    </div>
  );
}
