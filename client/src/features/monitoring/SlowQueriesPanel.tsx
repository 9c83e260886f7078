import { useTranslation } from 'react-i18next';
import type { SlowQueries } from '../../../../common/monitoring.ts';
import { Card, EmptyState } from '../../ui/Feedback.tsx';
import { FigureTable, figureCell } from './FigureTable.tsx';
import { formatCount, formatMs } from './format.ts';
import { RouteTable } from './RouteTable.tsx';

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
            <FigureTable
              caption={title}
              headings={[
                t('monitoring.queries.query'),
                t('monitoring.queries.calls'),
                t('monitoring.queries.mean'),
                t('monitoring.queries.max'),
                t('monitoring.queries.total'),
              ]}
              minWidth="min-w-[36rem]"
            >
              {slowQueries.statements.map((s) => (
                <tr key={s.query} className="border-b border-slate-100 align-top">
                  <td className="max-w-md px-2 py-1.5 font-mono text-xs break-words">{s.query}</td>
                  <td className={figureCell}>{formatCount(s.calls)}</td>
                  <td className={figureCell}>{formatMs(s.meanMs)}</td>
                  <td className={figureCell}>{formatMs(s.maxMs)}</td>
                  <td className={figureCell}>{formatMs(s.totalMs)}</td>
                </tr>
              ))}
            </FigureTable>
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
