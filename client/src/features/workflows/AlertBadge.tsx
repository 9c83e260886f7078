import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import '../../i18n/alert-shell.ts';
import { NavLink } from 'react-router';
import { useSocketEvent } from '../../lib/realtime.tsx';
import { focusRing } from '../../ui/Button.tsx';
import { useAlertCounts } from './alertCounts.api.ts';
import { workflowKeys } from './workflows.keys.ts';

/** The header's link to the alert centre (experts and admins), with the alerts still to handle; live. */
export function AlertBadge() {
  const { t } = useTranslation();
  const open = useAlertCounts().data?.open ?? 0;
  const queryClient = useQueryClient();
  const changed = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: workflowKeys.alerts }),
    [queryClient],
  );
  useSocketEvent('alerts:changed', changed);
  return (
    <NavLink
      to="/alerts"
      className={`relative flex rounded-md p-2 text-slate-700 hover:bg-slate-100 ${focusRing}`}
    >
      <svg
        aria-hidden
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        className="size-5"
      >
        <path d="M12 3 2 20h20ZM12 10v4M12 17h.01" />
      </svg>
      <span className="sr-only">{t('alertShell.badge', { count: open })}</span>
      {open > 0 && (
        <span
          aria-hidden
          data-testid="alert-badge"
          className="absolute -top-0.5 -right-0.5 min-w-5 rounded-full bg-amber-600 px-1 text-center text-xs leading-5 font-semibold text-white"
        >
          {open > 99 ? '99+' : open}
        </span>
      )}
    </NavLink>
  );
}
