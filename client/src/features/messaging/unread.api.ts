import { useQuery } from '@tanstack/react-query';
import type { UnreadSummary } from '../../../../common/messaging.ts';
import { api } from '../../lib/api.ts';
import { conversationKeys } from './messaging.keys.ts';

/**
 * The signed-in user's unread count, which the navigation shows on every page: apart from messaging.api.ts so that
 * the app shell does not load the rest of messaging's data code.
 */
export function useUnreadSummary() {
  return useQuery({
    queryKey: conversationKeys.unread(),
    queryFn: () => api<UnreadSummary>('/api/conversations/unread'),
  });
}
