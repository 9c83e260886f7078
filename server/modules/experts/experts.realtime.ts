import type { EventBus } from '../../platform/events.ts';
import type { RealtimeHub } from '../../platform/realtime.ts';
import { rooms } from '../../platform/sockets.ts';

/**
 * Who hears about the marketplace: an expert request (`expert_request:updated`) reaches the client company, the
 * expert and the admins; a review (`review:updated`) the expert and the reviewing company.
 */
export function registerExpertsRealtime(hub: RealtimeHub, events: EventBus): void {
  hub.untilClose(
    ...(['created', 'accepted', 'declined'] as const).map((state) =>
      events.subscribe(`expert_request.${state}`, (e) => {
        hub.emitTo(
          [rooms.company(e.companyId), rooms.user(e.expertId), rooms.admins],
          'expert_request:updated',
          {
            requestId: e.requestId,
            dossierId: e.dossierId,
            expertId: e.expertId,
            state,
            at: e.at.toISOString(),
          },
        );
      }),
    ),
    ...(['created', 'replied', 'hidden'] as const).map((state) =>
      events.subscribe(`review.${state}`, (e) => {
        hub.emitTo([rooms.company(e.companyId), rooms.user(e.expertId)], 'review:updated', {
          reviewId: e.reviewId,
          expertId: e.expertId,
          state,
          at: e.at.toISOString(),
        });
      }),
    ),
  );
}
