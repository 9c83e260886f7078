import type { EventBus } from '../../platform/events.ts';
import type { RealtimeHub } from '../../platform/realtime.ts';
import { rooms } from '../../platform/sockets.ts';

/**
 * Who hears that a dossier moved (`dossier:updated`): its company, its expert (and the one it leaves), the admins.
 */
export function registerDossiersRealtime(hub: RealtimeHub, events: EventBus): void {
  hub.untilClose(
    events.subscribe('dossier.status_changed', (e) => {
      const targets = [rooms.company(e.companyId), rooms.admins];
      for (const expertId of new Set([e.expertId, e.previousExpertId])) {
        if (expertId) targets.push(rooms.user(expertId));
      }
      hub.emitTo(targets, 'dossier:updated', {
        dossierId: e.dossierId,
        status: e.to,
        previousStatus: e.from,
        at: e.at.toISOString(),
      });
    }),
    events.subscribe('dossier.expert_assigned', (e) => {
      const targets = [rooms.company(e.companyId), rooms.admins, rooms.user(e.expertId)];
      if (e.previousExpertId) targets.push(rooms.user(e.previousExpertId));
      hub.emitTo(targets, 'dossier:updated', {
        dossierId: e.dossierId,
        status: null,
        previousStatus: null,
        at: e.at.toISOString(),
      });
    }),
  );
}
