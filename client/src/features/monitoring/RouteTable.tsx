import { useTranslation } from 'react-i18next';
import type { RouteTiming } from '../../../../common/monitoring.ts';
import { formatCount, formatMs, formatPercent } from './format.ts';
import { LevelBadge } from './LevelBadge.tsx';
import { errorLevel, latencyLevel } from './levels.ts';

const cell = 'px-2 py-1.5 text-right tabular-nums';

/**
 * The routes with their latency percentiles and error rates, in the order given (the server sorts them); with
 * `withTotal`, the time spent in each as well.
 */
export function RouteTable({
  routes,
  caption,
  withTotal = false,
}: {
  routes: RouteTiming[];
  caption: string;
  withTotal?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[40rem] border-collapse text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-200 text-xs text-slate-600">
            <th scope="col" className="px-2 py-1.5 text-left font-medium">
              {t('monitoring.routes.route')}
            </th>
            <th scope="col" className={`${cell} font-medium`}>
              {t('monitoring.routes.count')}
            </th>
            <th scope="col" className={`${cell} font-medium`}>
              {t('monitoring.routes.p50')}
            </th>
            <th scope="col" className={`${cell} font-medium`}>
              {t('monitoring.routes.p95')}
            </th>
            <th scope="col" className={`${cell} font-medium`}>
              {t('monitoring.routes.p99')}
            </th>
            <th scope="col" className={`${cell} font-medium`}>
              {t('monitoring.routes.clientErrors')}
            </th>
            <th scope="col" className={`${cell} font-medium`}>
              {t('monitoring.routes.serverErrors')}
            </th>
            {withTotal && (
              <th scope="col" className={`${cell} font-medium`}>
                {t('monitoring.queries.total')}
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {routes.map((r) => (
            <tr key={`${r.method} ${r.route}`} className="border-b border-slate-100">
              <th scope="row" className="px-2 py-1.5 text-left font-normal break-all">
                <span className="mr-2 font-mono text-xs text-slate-600">{r.method}</span>
                <span className="font-mono">{r.route}</span>
              </th>
              <td className={cell}>{formatCount(r.count)}</td>
              <td className={cell}>{formatMs(r.p50Ms)}</td>
              <td className={cell}>
                <LevelBadge level={latencyLevel(r.p95Ms)}>{formatMs(r.p95Ms)}</LevelBadge>
              </td>
              <td className={cell}>{formatMs(r.p99Ms)}</td>
              <td className={cell}>{formatPercent(r.clientErrorRate)}</td>
              <td className={cell}>
                <LevelBadge level={errorLevel(r.serverErrorRate)}>
                  {formatPercent(r.serverErrorRate)}
                </LevelBadge>
              </td>
              {withTotal && <td className={cell}>{formatMs(r.totalMs)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
