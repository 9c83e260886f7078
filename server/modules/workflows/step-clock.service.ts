import { uuidv7 } from '../../../common/ids.ts';
import type { Role } from '../../../common/roles.ts';
import type { PauseReason } from '../../../common/workflows.ts';
import type { Config } from '../../config.ts';
import type { DomainEvents } from '../../platform/events.ts';
import { type Platform, Service } from '../../platform/service.ts';
import type { Documents } from '../documents/documents.services.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import type { Messaging } from '../messaging/messaging.services.ts';
import { clockOf, pauseClock, resumeClock } from './sla-clock.ts';
import { stepClockRepo as repo } from './step-clock.repo.ts';

export type StepClockDeps = Pick<Platform, 'db' | 'clock' | 'events'> & {
  messaging: Messaging;
  documents: Documents;
  dossiers: DossiersService;
  sla: Pick<Config['sla'], 'warningRatio'>;
};

/** The two sides of a dossier: its company's people, and its expert with the admins. */
const sideOf = (role: Role) => (role === 'client' ? 'client' : 'expert');

/** Rounds of a refresh racing others before it gives up (each round is a read, and a write only on a change). */
const MAX_ROUNDS = 3;

type Change = Omit<DomainEvents['workflow.clock_changed'], 'companyId' | 'expertId'>;

/**
 * The fairness of the SLA clock: a step's clock stops while the step waits on the other party, and starts again when
 * they act. An expert's (or admin's) step waits while the client owes requested documents; any step waits while its
 * acting side wrote the last message of the dossier's conversation (a question not answered yet).
 */
export class StepClockService extends Service<StepClockDeps> {
  /**
   * Re-evaluates the dossier's open step: pauses, resumes or leaves its clock; the last change made, if any. The
   * facts are read before the step is locked (other modules' reads take their own connection), so a round that
   * wrote checks them again: whichever refresh commits last leaves the clock agreeing with the latest facts.
   */
  async refresh(dossierId: string): Promise<'paused' | 'resumed' | null> {
    let outcome: 'paused' | 'resumed' | null = null;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const step = await repo.openStep(this.deps.db, dossierId, false);
      if (!step) return outcome;
      const reason = await this.waitingOn(dossierId, step.actingRole);
      if (reason === step.pauseReason) return outcome;
      const change = await this.apply(dossierId, step.id, reason);
      if (change) {
        await this.announce(change);
        outcome = change.paused ? 'paused' : 'resumed';
      }
    }
    return outcome;
  }

  /** Pauses (or changes the pause's reason) or resumes the step's clock, if it is still the open step. */
  private apply(dossierId: string, stepId: string, reason: PauseReason | null): Promise<Change | null> {
    return this.deps.db.transaction().execute(async (trx) => {
      const step = await repo.openStep(trx, dossierId, true);
      if (!step || step.id !== stepId || step.pauseReason === reason) return null;
      const clock = clockOf(step);
      const at = this.deps.clock.now();
      const next = reason
        ? pauseClock(clock, at, reason)
        : resumeClock(clock, at, this.deps.sla.warningRatio);
      await repo.updateClock(trx, step.id, {
        consumedMs: next.consumedMs,
        runningSince: next.runningSince,
        pausedMs: next.pausedMs,
        pausedSince: next.pausedSince,
        pauseReason: next.pauseReason,
        warnAt: next.warnAt,
        dueAt: next.dueAt,
      });
      // A pause whose reason changes (the documents arrived, a question is still unanswered) is recorded as two.
      if (clock.pauseReason) await repo.endPause(trx, step.id, at);
      if (reason)
        await repo.openPause(trx, { id: uuidv7(at.getTime()), stepId: step.id, reason, startedAt: at });
      return {
        dossierId,
        stepId: step.id,
        stepKey: step.stepKey,
        stepName: step.stepName,
        role: step.actingRole,
        paused: reason !== null,
        at,
      };
    });
  }

  private async announce(change: Change): Promise<void> {
    const dossier = await this.deps.dossiers.describe(change.dossierId);
    if (!dossier) return;
    this.deps.events.publish('workflow.clock_changed', {
      ...change,
      companyId: dossier.company.id,
      expertId: dossier.expert?.id ?? null,
    });
  }

  /** Why a step acted on by `role` waits on the other party now, if it does. */
  private async waitingOn(dossierId: string, role: Role): Promise<PauseReason | null> {
    if (role !== 'client' && (await this.deps.documents.requests.hasOpen(dossierId))) {
      return 'documents_requested';
    }
    const last = await this.deps.messaging.messages.lastWordInDossier(dossierId);
    return last && sideOf(last.role) === sideOf(role) ? 'awaiting_reply' : null;
  }
}
