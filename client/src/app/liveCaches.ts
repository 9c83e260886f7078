import { dossierKeys } from '../features/dossiers/dossiers.keys.ts';
import { expertKeys, expertRequestKeys } from '../features/experts/experts.keys.ts';
import { conversationKeys } from '../features/messaging/messaging.keys.ts';
import type { KeepCachesLive } from '../lib/realtime.tsx';

/**
 * What other screens show changes when the server says something moved. It imports the features' query keys only
 * (`*.keys.ts`, not their `*.api.ts`), so that the landing page's bundle does not carry the features' data code.
 */
export const keepCachesLive: KeepCachesLive = (socket, queryClient) => {
  const refresh = (queryKey: readonly string[]) => void queryClient.invalidateQueries({ queryKey });
  // A dossier that moves, or an expert request answered, changes dossier lists, details and pending requests.
  const refreshDossiers = () => {
    refresh(dossierKeys.all);
    refresh(expertRequestKeys.all);
  };
  socket.on('dossier:updated', ({ dossierId }) => {
    refreshDossiers();
    refresh(conversationKeys.ofDossier(dossierId));
  });
  socket.on('expert_request:updated', refreshDossiers);
  socket.on('review:updated', () => refresh(expertKeys.all));
  for (const event of ['conversation:new', 'unread', 'message:new'] as const) {
    socket.on(event, () => refresh(conversationKeys.all));
  }
};
