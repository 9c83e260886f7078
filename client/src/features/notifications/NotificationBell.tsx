import { useQueryClient } from '@tanstack/react-query';
import { Suspense, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSocket } from '../../lib/realtime.tsx';
import { focusRing } from '../../ui/Button.tsx';
import { BellIcon } from '../../ui/icons.tsx';
import { lazyPart } from '../../ui/lazyPart.tsx';
import { useUnavailableUntilTakenOver } from '../../ui/useUnavailableUntilTakenOver.ts';
import { keepNotificationsLive } from './notifications.cache.ts';
import { useUnreadNotifications } from './unread.api.ts';

const loadMenu = () => import('./BellMenu.tsx');
// The dropdown's code loads when the user reaches for the bell, not with every page.
const BellMenu = lazyPart('notifications/BellMenu', () => loadMenu().then((m) => m.BellMenu));

/**
 * The header's bell: the unread count and a dropdown of the latest notifications. On every page of a signed-in user,
 * it keeps the notifications' cached data live from the socket (which reads it again after a reconnection).
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const unread = useUnreadNotifications().data?.unread ?? 0;
  const socket = useSocket();
  const queryClient = useQueryClient();
  useEffect(() => (socket ? keepNotificationsLive(socket, queryClient) : undefined), [socket, queryClient]);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const container = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const unavailable = useUnavailableUntilTakenOver();
  const close = useCallback((returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) button.current?.focus();
  }, []);

  return (
    <div ref={container} className="sm:relative">
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        {...unavailable}
        onClick={() => setOpen(!open)}
        onPointerEnter={() => void loadMenu()}
        onFocus={() => void loadMenu()}
        className={`relative flex rounded-md p-2 text-slate-700 hover:bg-slate-100 ${focusRing}`}
      >
        <BellIcon className="text-xl" />
        <span className="sr-only">{t('notificationShell.bell', { count: unread })}</span>
        {unread > 0 && (
          <span
            aria-hidden
            data-testid="notification-badge"
            className="absolute -top-0.5 -right-0.5 min-w-5 rounded-full bg-red-600 px-1 text-center text-xs leading-5 font-semibold text-white"
          >
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <Suspense fallback={null}>
          <BellMenu id={panelId} container={container} onClose={close} />
        </Suspense>
      )}
    </div>
  );
}
