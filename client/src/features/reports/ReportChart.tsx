import { useTranslation } from 'react-i18next';
import type {
  CellValue,
  ReportChart as Chart,
  ReportTable,
  ValueFormat,
} from '../../../../common/reports.ts';
import { linearScale, niceTicks, tickIndexes } from '../../shared/scale.ts';
import { useChartWidth } from '../../shared/useChartWidth.ts';
import { type CellFormatter, cellFormatter } from './cells.ts';

const HEIGHT = 220;
const margin = { top: 12, right: 8, bottom: 28, left: 64 };
const colors = ['#1d4ed8', '#059669', '#d97706', '#7c3aed', '#db2777'];
/** Room an x label takes, and the characters it keeps (the table under the chart writes them in full). */
const LABEL_PX = 84;
const LABEL_CHARS = 14;
const MAX_BAR_PX = 40;

// The reports' figures are counts, amounts and durations: a value under zero (a refund taken back) sits on the axis.
const plotted = (value: CellValue | undefined) => (typeof value === 'number' ? Math.max(0, value) : 0);
const shorten = (label: string) =>
  label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label;

type Props = { table: ReportTable; chart: Chart; format: CellFormatter };

/**
 * A table's chart: its series as grouped bars or lines over the rows, drawn in the width it has on screen. The
 * figures themselves are in the table under it, which the chart's label points screen readers to.
 */
export function ReportChart({ table, chart, format }: Props) {
  const { t, i18n } = useTranslation();
  const [ref, width] = useChartWidth<HTMLDivElement>();
  const xColumn = table.columns.find((column) => column.key === chart.x);
  const series = table.columns.filter((column) => chart.series.includes(column.key));
  const rows = table.rows;
  if (!xColumn || series.length === 0) return null;

  const axisFormat = cellFormatter(i18n.language, { compact: true });
  const valueFormat: ValueFormat = series[0]?.format ?? 'int';
  const max = Math.max(0, ...rows.flatMap((row) => series.map((s) => plotted(row[s.key]))));
  const ticks = niceTicks(max, 4);
  const y = linearScale([0, ticks.at(-1) ?? 1], [HEIGHT - margin.bottom, margin.top]);
  const band = (width - margin.left - margin.right) / rows.length;
  const x = (i: number) => margin.left + band * (i + 0.5);
  const barWidth = Math.min(MAX_BAR_PX, (band * 0.7) / series.length);
  const labels = tickIndexes(rows.length, Math.max(1, Math.floor((width - margin.left) / LABEL_PX)));
  const describe = (row: ReportTable['rows'][number], key: string, fmt: ValueFormat) =>
    `${format(row[chart.x], xColumn.format)} · ${format(row[key], fmt)}`;

  return (
    <figure className="mt-3" data-testid="report-chart" data-kind={chart.kind}>
      <ul aria-hidden className="mb-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700">
        {series.map((s, i) => (
          <li key={s.key} className="flex items-center gap-1.5">
            <span className="size-2.5 rounded-full" style={{ background: colors[i % colors.length] }} />
            {s.label}
          </li>
        ))}
      </ul>
      <div ref={ref}>
        <svg
          role="img"
          aria-label={t('reports.chart', { title: table.title })}
          viewBox={`0 0 ${width} ${HEIGHT}`}
          className="block h-56 w-full"
        >
          {ticks.map((tick) => (
            <g key={tick}>
              <line x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} stroke="#e2e8f0" />
              <text x={margin.left - 6} y={y(tick)} dy="0.32em" textAnchor="end" fontSize="11" fill="#475569">
                {axisFormat(tick, valueFormat)}
              </text>
            </g>
          ))}
          {labels.map((i) => (
            <text key={i} x={x(i)} y={HEIGHT - 8} textAnchor="middle" fontSize="11" fill="#475569">
              {shorten(format(rows[i]?.[chart.x], xColumn.format))}
            </text>
          ))}
          {series.map((s, k) => {
            const color = colors[k % colors.length];
            if (chart.kind === 'line')
              return (
                <g key={s.key} data-series={s.key}>
                  <polyline
                    fill="none"
                    stroke={color}
                    strokeWidth="2"
                    strokeLinejoin="round"
                    points={rows.map((row, i) => `${x(i)},${y(plotted(row[s.key]))}`).join(' ')}
                  />
                  {rows.length <= 31 &&
                    rows.map((row, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: a point is its row's, in order
                      <circle key={i} cx={x(i)} cy={y(plotted(row[s.key]))} r={2.5} fill={color}>
                        <title>{`${s.label} · ${describe(row, s.key, s.format)}`}</title>
                      </circle>
                    ))}
                </g>
              );
            return (
              <g key={s.key} data-series={s.key}>
                {rows.map((row, i) => {
                  const top = y(plotted(row[s.key]));
                  return (
                    <rect
                      // biome-ignore lint/suspicious/noArrayIndexKey: a bar is its row's, in order
                      key={i}
                      x={x(i) - (barWidth * series.length) / 2 + barWidth * k}
                      y={top}
                      width={Math.max(1, barWidth - 1)}
                      height={HEIGHT - margin.bottom - top}
                      fill={color}
                    >
                      <title>{`${s.label} · ${describe(row, s.key, s.format)}`}</title>
                    </rect>
                  );
                })}
              </g>
            );
          })}
        </svg>
      </div>
    </figure>
  );
}
