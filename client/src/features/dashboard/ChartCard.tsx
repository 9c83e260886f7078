import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui/Button.tsx';
import { HydrateLater } from '../../ui/HydrateLater.tsx';
import { SEEN_ANCHOR } from '../../ui/untilSeen.ts';

type Props = {
  title: string;
  /** What the chart counts, under its title. */
  description?: string;
  /** The chart's figures as a table: the same numbers, for screen readers and for whoever prefers reading. */
  table: ReactNode;
  /** Nothing happened in the period: a short note replaces the chart and its table. */
  empty?: boolean;
  className?: string;
  testId?: string;
  children: ReactNode;
};

/**
 * A chart of the dashboard in its card, with the "Tableau" toggle between the drawing and its figures. Over a page
 * rendered by the server, each card is taken over once it comes into view, or the visitor reaches into it (its title,
 * unique in the dashboard, finds its HTML; README, "Web performance").
 */
export function ChartCard(props: Props) {
  return (
    <HydrateLater whenSeen={props.title}>
      <ChartCardBody {...props} />
    </HydrateLater>
  );
}

function ChartCardBody({ title, description, table, empty, className = '', testId, children }: Props) {
  const { t } = useTranslation();
  const [asTable, setAsTable] = useState(false);
  const titleId = useId();
  return (
    <section
      aria-labelledby={titleId}
      data-testid={testId}
      {...{ [SEEN_ANCHOR]: title }}
      className={`flex min-w-0 flex-col rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5 ${className}`}
    >
      <div className="mb-3 flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 id={titleId} className="text-base font-semibold text-slate-900">
            {title}
          </h2>
          {description && <p className="text-xs text-slate-600">{description}</p>}
        </div>
        {!empty && (
          <Button size="sm" variant="ghost" aria-pressed={asTable} onClick={() => setAsTable(!asTable)}>
            {t('dashboard.chart.table')}
          </Button>
        )}
      </div>
      {empty ? (
        <p className="flex flex-1 items-center justify-center py-8 text-sm text-slate-600">
          {t('dashboard.chart.empty')}
        </p>
      ) : asTable ? (
        table
      ) : (
        children
      )}
    </section>
  );
}

export type Column = { label: string; numeric?: boolean };

/** A chart's figures: one row per bar, tile or point, the first cell naming it. */
export function DataTable({
  caption,
  columns,
  rows,
}: {
  caption: string;
  columns: Column[];
  rows: { key: string; cells: ReactNode[] }[];
}) {
  return (
    <table className="w-full text-left text-xs break-words sm:text-sm" data-testid="chart-table">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="border-b border-slate-200 text-xs text-slate-600">
          {columns.map((column) => (
            <th
              key={column.label}
              scope="col"
              className={`px-2 py-1.5 font-medium ${column.numeric ? 'text-right' : ''}`}
            >
              {column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} className="border-b border-slate-100 last:border-0">
            {row.cells.map((cell, i) =>
              i === 0 ? (
                <th key={columns[i]?.label} scope="row" className="px-2 py-1.5 font-normal text-slate-800">
                  {cell}
                </th>
              ) : (
                <td
                  key={columns[i]?.label}
                  className={`px-2 py-1.5 tabular-nums ${columns[i]?.numeric ? 'text-right' : ''}`}
                >
                  {cell}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
