import { type KeyboardEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { AdminMetrics, MetricsGroupBy } from '../../../../common/admin-metrics.ts';
import { linearScale, niceTicks, tickIndexes } from '../../shared/scale.ts';
import { useChartWidth } from '../../shared/useChartWidth.ts';
import { focusRing } from '../../ui/Button.tsx';
import { useUnavailableUntilTakenOver } from '../../ui/useUnavailableUntilTakenOver.ts';
import { bucketRange, bucketTick, longDay } from './buckets.ts';
import { ChartCard, DataTable } from './ChartCard.tsx';
import { useDashboardFormat } from './format.ts';

export type SeriesPoint = AdminMetrics['series'][number];
export type Series = { key: string; label: string; color: string; value: (point: SeriesPoint) => number };

type Props = {
  title: string;
  description: string;
  points: SeriesPoint[];
  series: Series[];
  groupBy: MetricsGroupBy;
  period: { from: string; to: string };
  format: (value: number) => string;
  formatAxis: (value: number) => string;
  /** The list behind a bucket, opened by a click (or Enter) on it. */
  linkFor?: (range: { from: string; to: string }) => string;
  testId?: string;
};

const HEIGHT = 240;
const margin = { top: 12, right: 12, bottom: 28, left: 56 };

/** A time series over the period's buckets: lines to toggle from the legend, a tooltip on hover and on arrows. */
export function SeriesCard(props: Props) {
  const { t } = useTranslation();
  const bucketName = useBucketName(props.groupBy);
  const { points, series, format } = props;
  const empty = points.every((point) => series.every((s) => s.value(point) === 0));
  const table = (
    <DataTable
      caption={props.title}
      columns={[
        { label: t('dashboard.chart.bucket') },
        ...series.map((s) => ({ label: s.label, numeric: true })),
      ]}
      rows={points.map((point) => ({
        key: point.bucket,
        cells: [bucketName(point.bucket), ...series.map((s) => format(s.value(point)))],
      }))}
    />
  );
  return (
    <ChartCard
      title={props.title}
      description={props.description}
      table={table}
      empty={empty}
      className="lg:col-span-2"
      testId={props.testId}
    >
      <TimeSeriesChart {...props} />
    </ChartCard>
  );
}

/** A bucket's full name, as in a tooltip or a table row: a day, "Semaine du 1 décembre 2026", "déc. 2026". */
function useBucketName(groupBy: MetricsGroupBy) {
  const { t } = useTranslation();
  const { locale } = useDashboardFormat();
  return (bucket: string) =>
    groupBy === 'week'
      ? t('dashboard.chart.weekOf', { day: longDay(bucket, locale) })
      : groupBy === 'month'
        ? bucketTick(bucket, 'month', locale)
        : longDay(bucket, locale);
}

function TimeSeriesChart({ title, points, series, groupBy, period, format, formatAxis, linkFor }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { locale } = useDashboardFormat();
  const bucketName = useBucketName(groupBy);
  const [ref, width] = useChartWidth<HTMLDivElement>();
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const unavailable = useUnavailableUntilTakenOver();
  const [active, setActive] = useState<number | null>(null);
  const shown = series.filter((s) => !hidden.has(s.key));
  // A focus shows the bucket the arrows left, else the last one.
  const showFocused = () => setActive((last) => last ?? points.length - 1);
  // Focused before the app took the page over (it was rendered ahead): the chart shows what a focus shows.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the app takes the chart over
  useEffect(() => {
    if (document.activeElement === ref.current) showFocused();
  }, []);

  const max = Math.max(0, ...points.flatMap((p) => shown.map((s) => s.value(p))));
  const ticks = niceTicks(max, 4);
  const y = linearScale([0, ticks.at(-1) ?? 1], [HEIGHT - margin.bottom, margin.top]);
  const band = (width - margin.left - margin.right) / Math.max(1, points.length);
  const x = (i: number) => margin.left + band * (i + 0.5);
  const xTicks = tickIndexes(points.length, Math.max(2, Math.floor((width - margin.left) / 72)));

  const toggle = (key: string) => {
    const next = new Set(hidden);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setHidden(next);
  };
  const open = (i: number) => {
    const point = points[i];
    if (point && linkFor) navigate(linkFor(bucketRange(point.bucket, groupBy, period)));
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const last = points.length - 1;
    const current = active ?? last;
    const moves: Record<string, number> = {
      ArrowLeft: Math.max(0, current - 1),
      ArrowRight: Math.min(last, current + 1),
      Home: 0,
      End: last,
    };
    if (event.key in moves) {
      event.preventDefault();
      setActive(moves[event.key] ?? null);
    } else if (event.key === 'Enter' && active !== null) open(active);
    else if (event.key === 'Escape') setActive(null);
  };

  const point = active === null ? null : points[active];
  // What a screen reader says of the chart's current bucket (the last one until the arrows move).
  const current = active ?? points.length - 1;
  const described = points[current];
  const valueText = described
    ? t('dashboard.chart.labelled', {
        label: bucketName(described.bucket),
        value: shown.map((s) => `${s.label} ${format(s.value(described))}`).join(', '),
      })
    : '';

  return (
    <div>
      <div className="mb-2 flex flex-wrap gap-2">
        {series.map((s) => (
          <button
            key={s.key}
            type="button"
            aria-pressed={!hidden.has(s.key)}
            {...unavailable}
            onClick={() => toggle(s.key)}
            className={`inline-flex items-center gap-2 rounded-full border px-3 py-1 text-xs font-medium ${focusRing} ${
              hidden.has(s.key)
                ? 'border-slate-200 text-slate-500 line-through'
                : 'border-slate-300 text-slate-800'
            }`}
          >
            <span aria-hidden className="size-2.5 rounded-full" style={{ background: s.color }} />
            {s.label}
          </button>
        ))}
      </div>
      {/* A slider over the buckets: arrows move through them, each read out with its figures. */}
      <div
        ref={ref}
        role="slider"
        aria-label={`${title}. ${t('dashboard.chart.keyboardHint')}`}
        aria-orientation="horizontal"
        aria-valuemin={0}
        aria-valuemax={Math.max(0, points.length - 1)}
        aria-valuenow={current}
        aria-valuetext={valueText}
        tabIndex={0}
        className={`relative rounded-md ${focusRing}`}
        onKeyDown={onKeyDown}
        onFocus={showFocused}
        onBlur={() => setActive(null)}
        // The keyboard's bucket stays while the chart has the focus, whatever the pointer does around it.
        onMouseLeave={(event) => {
          if (document.activeElement !== event.currentTarget) setActive(null);
        }}
      >
        <svg aria-hidden viewBox={`0 0 ${width} ${HEIGHT}`} className="block h-60 w-full">
          {ticks.map((tick) => (
            <g key={tick}>
              <line x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} stroke="#e2e8f0" />
              <text x={margin.left - 6} y={y(tick)} dy="0.32em" textAnchor="end" fontSize="11" fill="#475569">
                {formatAxis(tick)}
              </text>
            </g>
          ))}
          {xTicks.map((i) => (
            <text key={i} x={x(i)} y={HEIGHT - 8} textAnchor="middle" fontSize="11" fill="#475569">
              {bucketTick(points[i]?.bucket ?? '', groupBy, locale)}
            </text>
          ))}
          {active !== null && (
            <line
              x1={x(active)}
              x2={x(active)}
              y1={margin.top}
              y2={HEIGHT - margin.bottom}
              stroke="#94a3b8"
            />
          )}
          {shown.map((s) => (
            <g key={s.key} data-series={s.key}>
              <polyline
                fill="none"
                stroke={s.color}
                strokeWidth="2"
                strokeLinejoin="round"
                points={points.map((p, i) => `${x(i)},${y(s.value(p))}`).join(' ')}
              />
              {points.map((p, i) => (
                <circle
                  key={p.bucket}
                  cx={x(i)}
                  cy={y(s.value(p))}
                  r={i === active || points.length <= 31 ? (i === active ? 4.5 : 2.5) : 0}
                  fill={s.color}
                />
              ))}
            </g>
          ))}
          {points.map((p, i) => (
            // biome-ignore lint/a11y/noStaticElementInteractions: the pointer's way over the buckets; keys move on the chart itself
            <rect
              key={p.bucket}
              x={x(i) - band / 2}
              y={margin.top}
              width={band}
              height={HEIGHT - margin.top - margin.bottom}
              fill="transparent"
              className={linkFor ? 'cursor-pointer' : undefined}
              // A pointer that moves, not one that the page scrolls under (focusing the chart scrolls it into view).
              onMouseMove={() => setActive(i)}
              onClick={() => open(i)}
            />
          ))}
        </svg>
        {point && active !== null && (
          <div
            aria-hidden
            data-testid="chart-tooltip"
            className="pointer-events-none absolute top-0 z-10 min-w-36 rounded-lg border border-slate-200 bg-white px-3 py-2 text-xs shadow-md"
            style={
              x(active) > width / 2
                ? { right: `${((width - x(active)) / width) * 100}%`, marginRight: 8 }
                : { left: `${(x(active) / width) * 100}%`, marginLeft: 8 }
            }
          >
            <p className="font-medium text-slate-900">{bucketName(point.bucket)}</p>
            {shown.map((s) => (
              <p key={s.key} className="flex items-center gap-2 text-slate-700">
                <span aria-hidden className="size-2 rounded-full" style={{ background: s.color }} />
                {t('dashboard.chart.labelled', { label: s.label, value: format(s.value(point)) })}
              </p>
            ))}
            {linkFor && <p className="mt-1 text-slate-500">{t('dashboard.chart.clickToOpen')}</p>}
          </div>
        )}
      </div>
    </div>
  );
}
