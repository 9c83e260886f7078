import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { notificationKeys } from './notifications.keys.ts';
import { disablePush, enablePush, pushState } from './push.ts';

/** Whether this browser shows push notifications (a state of the device, read from the browser). */
export function usePushState() {
  return useQuery({
    queryKey: notificationKeys.push(),
    queryFn: pushState,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Turns push on (asking the browser's permission) or off on this device; the answer is the new state. */
export function useSwitchPush() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (on: boolean) => (on ? enablePush() : disablePush()),
    onSuccess: (state) => queryClient.setQueryData(notificationKeys.push(), state),
  });
}
