import type { ReactNode } from 'react';

/** A cell holding a figure. */
export const figureCell = 'px-2 py-1.5 text-right tabular-nums';

/**
 * A table of figures under `headings`: the first column names the row, the others hold figures; it scrolls
 * sideways on a narrow screen rather than squeeze them (`minWidth`, a Tailwind `min-w-*` class).
 */
export function FigureTable({
  caption,
  headings,
  minWidth,
  children,
}: {
  caption: string;
  headings: string[];
  minWidth: string;
  children: ReactNode;
}) {
  return (
    <div className="overflow-x-auto">
      <table className={`w-full ${minWidth} border-collapse text-sm`}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-200 text-xs text-slate-600">
            {headings.map((heading, i) => (
              <th
                key={heading}
                scope="col"
                className={i === 0 ? 'px-2 py-1.5 text-left font-medium' : `${figureCell} font-medium`}
              >
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
