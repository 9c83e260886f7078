import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { share } from '../../shared/scale.ts';
import { focusRing } from '../../ui/Button.tsx';
import type { DashboardFormat } from './format.ts';

export type FunnelStage = { key: string; label: string; value: number; to?: string };

/** Each stage's share of the one before it (null for the first, or after an empty stage). */
export function stageRates(stages: { value: number }[]): (number | null)[] {
  return stages.map((stage, i) => {
    const before = stages[i - 1]?.value;
    return before ? stage.value / before : null;
  });
}

/** The conversion funnel: a band per stage narrowing to the next, with each stage's rate of passage. */
export function FunnelChart({ stages, format }: { stages: FunnelStage[]; format: DashboardFormat }) {
  const { t } = useTranslation();
  const top = Math.max(0, ...stages.map((s) => s.value));
  const widths = stages.map((s) => Math.max(4, share(s.value, top) * 100));
  const rates = stageRates(stages);
  const colours = ['#1e3a8a', '#1d4ed8', '#2563eb', '#059669'];
  return (
    <ol className="space-y-1" data-testid="funnel">
      {stages.map((stage, i) => {
        const w = widths[i] ?? 0;
        const next = widths[i + 1] ?? w;
        const rate = rates[i];
        return (
          <li key={stage.key} data-key={stage.key}>
            <div className="flex items-baseline justify-between gap-2 text-sm">
              <span className="text-slate-800">{stage.label}</span>
              <span className="flex items-baseline gap-2">
                {rate !== null && rate !== undefined && (
                  <span className="text-xs text-slate-600">
                    {t('dashboard.funnel.rate', { rate: format.percent(rate) })}
                  </span>
                )}
                {stage.to ? (
                  <Link
                    to={stage.to}
                    className={`font-semibold tabular-nums text-blue-800 underline ${focusRing}`}
                  >
                    {format.count(stage.value)}
                  </Link>
                ) : (
                  <span className="font-semibold tabular-nums text-slate-900">
                    {format.count(stage.value)}
                  </span>
                )}
              </span>
            </div>
            <svg aria-hidden viewBox="0 0 100 10" preserveAspectRatio="none" className="block h-7 w-full">
              <polygon
                points={`${(100 - w) / 2},0 ${(100 + w) / 2},0 ${(100 + next) / 2},10 ${(100 - next) / 2},10`}
                fill={colours[i % colours.length]}
              />
            </svg>
          </li>
        );
      })}
      {stages.length > 1 && (
        <li className="pt-2 text-sm text-slate-700">
          {t('dashboard.funnel.overall', {
            rate: format.percent(stages[0]?.value ? (stages.at(-1)?.value ?? 0) / stages[0].value : 0),
          })}
        </li>
      )}
    </ol>
  );
}
