import type { AdminMetrics } from '../../../../common/admin-metrics.ts';
import { linearScale } from '../../shared/scale.ts';
import type { DashboardFormat } from './format.ts';

export type WaterfallStep = {
  key: string;
  label: string;
  /** Where the bar starts and ends, in cents: a total stands on 0, a share floats between two totals. */
  from: number;
  to: number;
  kind: 'total' | 'share';
};

/**
 * The fee waterfall of the domain as bars: what was obtained, less what the client keeps, is the expert's fee
 * (before VAT); less the platform's share of it, what the expert keeps.
 */
export function waterfallSteps(
  fees: AdminMetrics['fees'],
  labels: Record<'obtained' | 'clientShare' | 'expertFees' | 'platformFees' | 'expertNet', string>,
  of: 'value' | 'previous' = 'value',
): WaterfallStep[] {
  const obtained = fees.obtainedCents[of];
  const expertFees = fees.expertFeesCents[of];
  const net = fees.expertNetCents[of];
  return [
    { key: 'obtained', label: labels.obtained, from: 0, to: obtained, kind: 'total' },
    { key: 'clientShare', label: labels.clientShare, from: expertFees, to: obtained, kind: 'share' },
    { key: 'expertFees', label: labels.expertFees, from: 0, to: expertFees, kind: 'total' },
    { key: 'platformFees', label: labels.platformFees, from: net, to: expertFees, kind: 'share' },
    { key: 'expertNet', label: labels.expertNet, from: 0, to: net, kind: 'total' },
  ];
}

const colours: Record<string, string> = {
  obtained: '#1e3a8a',
  clientShare: '#059669',
  expertFees: '#1d4ed8',
  platformFees: '#7c3aed',
  expertNet: '#2563eb',
};

const HEIGHT = 160;

export function FeeWaterfall({ steps, format }: { steps: WaterfallStep[]; format: DashboardFormat }) {
  const top = Math.max(1, ...steps.map((s) => s.to));
  const y = linearScale([0, top], [HEIGHT, 8]);
  const column = 100 / steps.length;
  return (
    <div data-testid="fee-waterfall">
      <svg aria-hidden viewBox={`0 0 100 ${HEIGHT}`} preserveAspectRatio="none" className="block h-40 w-full">
        <line x1="0" x2="100" y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} stroke="#cbd5e1" />
        {steps.map((step, i) => {
          const x = i * column + column * 0.2;
          const next = steps[i + 1];
          return (
            <g key={step.key}>
              <rect
                x={x}
                width={column * 0.6}
                y={y(Math.max(step.from, step.to))}
                height={Math.max(1, Math.abs(y(step.from) - y(step.to)))}
                fill={colours[step.key]}
              />
              {next && (
                <line
                  x1={x + column * 0.6}
                  x2={(i + 1) * column + column * 0.2}
                  y1={y(step.kind === 'share' ? step.from : step.to)}
                  y2={y(step.kind === 'share' ? step.from : step.to)}
                  stroke="#94a3b8"
                  strokeDasharray="1 1"
                  vectorEffect="non-scaling-stroke"
                />
              )}
            </g>
          );
        })}
      </svg>
      <ul
        className="mt-2 grid text-center text-[11px] leading-tight sm:text-xs"
        style={{ gridTemplateColumns: `repeat(${steps.length}, minmax(0, 1fr))` }}
      >
        {steps.map((step) => (
          <li key={step.key} className="px-0.5" data-key={step.key}>
            <span className="block font-semibold tabular-nums text-slate-900">
              {step.kind === 'share' ? '−' : ''}
              {format.compactEuros(step.to - step.from)}
            </span>
            <span className="block text-slate-600">{step.label}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
