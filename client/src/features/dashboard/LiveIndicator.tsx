import { useTranslation } from 'react-i18next';
import type { LiveState } from './useAdminLive.ts';

const dots: Record<LiveState, string> = {
  connected: 'bg-emerald-600 motion-safe:animate-pulse-briefly',
  reconnecting: 'bg-amber-500',
  offline: 'bg-slate-400',
};

/** "En direct": whether the dashboard's figures update by themselves, in words (the dot only repeats it). */
export function LiveIndicator({ state }: { state: LiveState }) {
  const { t } = useTranslation();
  return (
    <p
      role="status"
      data-testid="live-indicator"
      data-state={state}
      className="inline-flex items-center gap-2 rounded-full border border-slate-200 bg-white px-3 py-1 text-sm font-medium text-slate-700"
    >
      <span aria-hidden className={`size-2.5 shrink-0 rounded-full ${dots[state]}`} />
      {t(`dashboard.live.states.${state}`)}
      <span className="sr-only">{t(`dashboard.live.hints.${state}`)}</span>
    </p>
  );
}
