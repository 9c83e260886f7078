import { useTranslation } from 'react-i18next';
import type { SlowQueries } from '../../../../common/monitoring.ts';
import { Card, EmptyState } from '../../ui/Feedback.tsx';
import { formatCount, formatMs } from './format.ts';
import { RouteTable } from './RouteTable.tsx';

const cell = 'px-2 py-1.5 text-right tabular-nums';

/** pg_stat_statements' slowest statements, or, when it cannot be read, the routes that took the most time. */
export function SlowQueriesPanel({ slowQueries }: { slowQueries: SlowQueries }) {
  const { t } = useTranslation();
  const title = t('monitoring.queries.title');
  return (
    <Card className="space-y-3">
      <h2 className="text-lg font-semibold">{title}</h2>
      {slowQueries.source === 'pg_stat_statements' ? (
        <>
          <p className="text-sm text-slate-600">{t('monitoring.queries.source.pg_stat_statements')}</p>
          {slowQueries.statements.length === 0 ? (
            <EmptyState title={t('monitoring.queries.empty')} />
          ) : (
            <div className="overflow-x-auto">
              <table className="w-full min-w-[36rem] border-collapse text-sm">
                <caption className="sr-only">{title}</caption>
                <thead>
                  <tr className="border-b border-slate-200 text-xs text-slate-600">
                    <th scope="col" className="px-2 py-1.5 text-left font-medium">
                      {t('monitoring.queries.query')}
                    </th>
                    <th scope="col" className={`${cell} font-medium`}>
                      {t('monitoring.queries.calls')}
                    </th>
                    <th scope="col" className={`${cell} font-medium`}>
                      {t('monitoring.queries.mean')}
                    </th>
                    <th scope="col" className={`${cell} font-medium`}>
                      {t('monitoring.queries.max')}
                    </th>
                    <th scope="col" className={`${cell} font-medium`}>
                      {t('monitoring.queries.total')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {slowQueries.statements.map((s) => (
                    <tr key={s.query} className="border-b border-slate-100 align-top">
                      <td className="max-w-md px-2 py-1.5 font-mono text-xs break-words">{s.query}</td>
                      <td className={cell}>{formatCount(s.calls)}</td>
                      <td className={cell}>{formatMs(s.meanMs)}</td>
                      <td className={cell}>{formatMs(s.maxMs)}</td>
                      <td className={cell}>{formatMs(s.totalMs)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : (
        <>
          <p className="text-sm text-slate-600">{t(`monitoring.queries.source.${slowQueries.reason}`)}</p>
          {slowQueries.routes.length === 0 ? (
            <EmptyState title={t('monitoring.routes.empty')} />
          ) : (
            <RouteTable routes={slowQueries.routes} caption={title} withTotal />
          )}
        </>
      )}
    </Card>
  );
}
