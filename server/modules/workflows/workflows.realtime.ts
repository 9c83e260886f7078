import type { DomainEvents, EventBus } from '../../platform/events.ts';
import type { RealtimeHub } from '../../platform/realtime.ts';
import { rooms } from '../../platform/sockets.ts';

type StepEvent = DomainEvents['workflow.step_entered' | 'workflow.step_completed' | 'workflow.clock_changed'];

/**
 * Who hears that a dossier's workflow moved (`workflow:updated`): the dossier's people, as for `dossier:updated`
 * (its company, its expert, the admins). Alert changes (`alerts:changed`) go to the alert's expert and to the admins,
 * who see every alert.
 */
export function registerWorkflowsRealtime(hub: RealtimeHub, events: EventBus): void {
  const workflowUpdated = (e: StepEvent) => {
    const targets = [rooms.company(e.companyId), rooms.admins];
    if (e.expertId) targets.push(rooms.user(e.expertId));
    hub.emitTo(targets, 'workflow:updated', {
      dossierId: e.dossierId,
      stepKey: e.stepKey,
      at: e.at.toISOString(),
    });
  };
  const alertsChanged = (assigneeIds: (string | null)[], at: Date) => {
    const experts = new Set(assigneeIds.filter((id): id is string => id !== null));
    hub.emitTo([rooms.admins, ...[...experts].map(rooms.user)], 'alerts:changed', { at: at.toISOString() });
  };
  hub.untilClose(
    events.subscribe('workflow.step_entered', workflowUpdated),
    events.subscribe('workflow.step_completed', workflowUpdated),
    events.subscribe('workflow.clock_changed', workflowUpdated),
    events.subscribe('alerts.raised', (e) =>
      alertsChanged(
        e.alerts.map((a) => a.assigneeId),
        e.at,
      ),
    ),
    events.subscribe('alert.updated', (e) => alertsChanged([e.assigneeId], e.at)),
  );
}
