import { useTranslation } from 'react-i18next';
import type { RouteTiming } from '../../../../common/monitoring.ts';
import { FigureTable, figureCell } from './FigureTable.tsx';
import { formatCount, formatMs, formatPercent } from './format.ts';
import { LevelBadge } from './LevelBadge.tsx';
import { errorLevel, latencyLevel } from './levels.ts';

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
  const headings = [
    t('monitoring.routes.route'),
    t('monitoring.routes.count'),
    t('monitoring.routes.p50'),
    t('monitoring.routes.p95'),
    t('monitoring.routes.p99'),
    t('monitoring.routes.clientErrors'),
    t('monitoring.routes.serverErrors'),
    ...(withTotal ? [t('monitoring.queries.total')] : []),
  ];
  return (
    <FigureTable caption={caption} headings={headings} minWidth="min-w-[40rem]">
      {routes.map((r) => (
        <tr key={`${r.method} ${r.route}`} className="border-b border-slate-100">
          <th scope="row" className="px-2 py-1.5 text-left font-normal break-all">
            <span className="mr-2 font-mono text-xs text-slate-600">{r.method}</span>
            <span className="font-mono">{r.route}</span>
          </th>
          <td className={figureCell}>{formatCount(r.count)}</td>
          <td className={figureCell}>{formatMs(r.p50Ms)}</td>
          <td className={figureCell}>
            <LevelBadge level={latencyLevel(r.p95Ms)}>{formatMs(r.p95Ms)}</LevelBadge>
          </td>
          <td className={figureCell}>{formatMs(r.p99Ms)}</td>
          <td className={figureCell}>{formatPercent(r.clientErrorRate)}</td>
          <td className={figureCell}>
            <LevelBadge level={errorLevel(r.serverErrorRate)}>{formatPercent(r.serverErrorRate)}</LevelBadge>
          </td>
          {withTotal && <td className={figureCell}>{formatMs(r.totalMs)}</td>}
        </tr>
      ))}
    </FigureTable>
  );
}
