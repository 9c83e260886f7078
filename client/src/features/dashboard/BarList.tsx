import { Link } from 'react-router';
import { share } from '../../shared/scale.ts';
import { focusRing } from '../../ui/Button.tsx';

export type Bar = {
  key: string;
  label: string;
  value: number;
  /** The value as written beside its bar. */
  text: string;
  /** The list behind the bar. */
  to?: string;
};

/**
 * Horizontal bars, one per row, their lengths against the longest: the label and the figure are text (a link when
 * the bar opens a list), the bar itself only draws them.
 */
export function BarList({ bars, color, testId }: { bars: Bar[]; color: string; testId?: string }) {
  const max = Math.max(0, ...bars.map((bar) => bar.value));
  return (
    <ul className="space-y-2.5" data-testid={testId}>
      {bars.map((bar) => (
        <li key={bar.key} data-key={bar.key}>
          <div className="flex items-baseline justify-between gap-3 text-sm">
            {bar.to ? (
              <Link
                to={bar.to}
                className={`min-w-0 truncate text-blue-800 underline-offset-2 hover:underline ${focusRing}`}
              >
                {bar.label}
              </Link>
            ) : (
              <span className="min-w-0 truncate text-slate-800">{bar.label}</span>
            )}
            <span className="shrink-0 font-medium tabular-nums text-slate-900" data-testid="bar-value">
              {bar.text}
            </span>
          </div>
          <svg aria-hidden viewBox="0 0 100 6" preserveAspectRatio="none" className="mt-1 block h-2 w-full">
            <rect width="100" height="6" rx="3" fill="#f1f5f9" />
            <rect width={share(bar.value, max) * 100} height="6" rx="3" fill={color} />
          </svg>
        </li>
      ))}
    </ul>
  );
}
