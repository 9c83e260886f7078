import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState, useSyncExternalStore } from 'react';
import type { LiveFigures } from '../../../../common/admin-metrics.ts';
import { type RealtimeSocket, useSocket, useSocketEvent } from '../../lib/realtime.tsx';
import { useOnline } from '../../ui/useOnline.ts';
import { dashboardKeys } from './dashboard.keys.ts';

/** Whether the dashboard hears the server: `reconnecting` also while the socket is first being opened. */
export type LiveState = 'connected' | 'reconnecting' | 'offline';

function stateOf(socket: RealtimeSocket | null): LiveState {
  if (!socket) return 'reconnecting';
  if (socket.connected) return 'connected';
  // Not active: the socket gave up or was ended by the server (session revoked) and will not come back alone.
  return socket.active ? 'reconnecting' : 'offline';
}

function useConnectionState(socket: RealtimeSocket | null): LiveState {
  const subscribe = useCallback(
    (onChange: () => void) => {
      if (!socket) return () => {};
      const manager = socket.io;
      socket.on('connect', onChange);
      socket.on('disconnect', onChange);
      socket.on('connect_error', onChange);
      manager.on('reconnect_attempt', onChange);
      manager.on('reconnect_failed', onChange);
      return () => {
        socket.off('connect', onChange);
        socket.off('disconnect', onChange);
        socket.off('connect_error', onChange);
        manager.off('reconnect_attempt', onChange);
        manager.off('reconnect_failed', onChange);
      };
    },
    [socket],
  );
  const state = useSyncExternalStore(
    subscribe,
    () => stateOf(socket),
    () => 'reconnecting' as const,
  );
  return useOnline() ? state : 'offline';
}

/**
 * The dashboard's live link over the admin's socket: each `admin:metrics` marks every period's figures stale (they
 * are read again), each `admin:live` replaces what is happening now. The figures read before the socket
 * (re)connected are read again by the socket provider itself.
 */
export function useAdminLive(): { state: LiveState; figures: LiveFigures | null } {
  const queryClient = useQueryClient();
  const [figures, setFigures] = useState<LiveFigures | null>(null);
  const metricsMoved = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: dashboardKeys.metrics() }),
    [queryClient],
  );
  useSocketEvent('admin:metrics', metricsMoved);
  useSocketEvent('admin:live', setFigures);
  return { state: useConnectionState(useSocket()), figures };
}
