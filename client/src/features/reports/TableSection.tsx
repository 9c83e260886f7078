import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { columnTotal, isNumeric } from '../../../../common/report-cells.ts';
import type { ReportTable, ValueFormat } from '../../../../common/reports.ts';
import { focusRing } from '../../ui/Button.tsx';
import type { CellFormatter } from './cells.ts';
import { ReportChart } from './ReportChart.tsx';

/**
 * A table of the report under its title and note, its chart (when it has one) above it. The table scrolls within its
 * own box on a phone, so that the page does not.
 */
export function TableSection({ table, format }: { table: ReportTable; format: CellFormatter }) {
  const { t } = useTranslation();
  const titleId = useId();
  const noteId = useId();
  const { columns, rows } = table;
  const totals = columns.some((column) => column.total);
  return (
    <div
      className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5"
      data-testid={`section-${table.id}`}
    >
      <h3 id={titleId} className="text-base font-semibold text-slate-900">
        {table.title}
      </h3>
      {table.note && (
        <p id={noteId} className="text-xs text-slate-600">
          {table.note}
        </p>
      )}
      {rows.length === 0 ? (
        <p className="py-6 text-center text-sm text-slate-600">{t('reports.noData')}</p>
      ) : (
        <>
          {table.chart && <ReportChart table={table} chart={table.chart} format={format} />}
          <section
            aria-labelledby={titleId}
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a box that scrolls must be reachable by keyboard
            tabIndex={0}
            className={`mt-3 overflow-x-auto rounded-md ${focusRing}`}
          >
            <table className="w-full text-left text-sm" aria-describedby={table.note ? noteId : undefined}>
              <caption className="sr-only">{table.title}</caption>
              <thead>
                <tr className="border-b border-slate-200 text-xs text-slate-600">
                  {columns.map((column) => (
                    <th
                      key={column.key}
                      scope="col"
                      className={`px-2 py-1.5 font-medium ${isNumeric(column.format) ? 'text-right' : ''}`}
                    >
                      {column.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row, i) => (
                  <Row
                    // biome-ignore lint/suspicious/noArrayIndexKey: a report's rows have no key of their own
                    key={i}
                    columns={columns}
                    cells={columns.map((column) => format(row[column.key], column.format))}
                    className="border-b border-slate-100 font-normal last:border-0"
                  />
                ))}
              </tbody>
              {totals && (
                <tfoot>
                  <Row
                    columns={columns}
                    cells={columns.map((column, c) =>
                      column.total
                        ? format(columnTotal(rows, column.key), column.format)
                        : c === 0
                          ? t('reports.total')
                          : '',
                    )}
                    className="border-t-2 border-slate-300 font-semibold"
                    testId="total-row"
                  />
                </tfoot>
              )}
            </table>
          </section>
        </>
      )}
    </div>
  );
}

/** Numbers to the right, days kept on one line. */
const alignment = (format: ValueFormat) =>
  isNumeric(format) ? 'text-right tabular-nums' : format === 'date' ? 'whitespace-nowrap' : '';

type RowProps = { columns: ReportTable['columns']; cells: string[]; className: string; testId?: string };

/** A row whose first cell heads it. */
function Row({ columns, cells, className, testId }: RowProps) {
  return (
    <tr className={className} data-testid={testId}>
      {columns.map((column, c) => {
        const Cell = c === 0 ? 'th' : 'td';
        return (
          <Cell
            key={column.key}
            scope={c === 0 ? 'row' : undefined}
            className={`px-2 py-1.5 ${c === 0 ? '[font-weight:inherit]' : ''} ${alignment(column.format)}`}
          >
            {cells[c]}
          </Cell>
        );
      })}
    </tr>
  );
}
