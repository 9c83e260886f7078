import type { EventBus } from '../../platform/events.ts';
import type { StepClockService } from './step-clock.service.ts';

/**
 * What may make a step wait on the other party, or stop waiting: a document requested, handed over or no longer
 * asked for, a message written by a person, a step entered (it may start waiting at once).
 */
export function registerClockPauses(events: EventBus, stepClock: StepClockService): void {
  const refresh = async (event: { dossierId: string }) => {
    await stepClock.refresh(event.dossierId);
  };
  events.subscribe('document.requested', refresh);
  events.subscribe('document.request_fulfilled', refresh);
  events.subscribe('document.request_cancelled', refresh);
  events.subscribe('workflow.step_entered', refresh);
  events.subscribe('message.created', async (event) => {
    if (event.senderRole !== null && event.dossierId) await stepClock.refresh(event.dossierId);
  });
}
