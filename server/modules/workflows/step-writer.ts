import type { Selectable } from 'kysely';
import type { DossierStatus } from '../../../common/dossier-lifecycle.ts';
import type { StepContext, StepState } from '../../../common/workflows.ts';
import type { Config } from '../../config.ts';
import type { Executor } from '../../db/pool.ts';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { DomainEvents, EventBus } from '../../platform/events.ts';
import { uuidv7 } from '../../platform/ids.ts';
import type { Documents } from '../documents/documents.services.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import { alertUpdateOf } from './alerts.presenter.ts';
import { alertsRepo } from './alerts.repo.ts';
import { remindersRepo } from './reminders.repo.ts';
import { clockOf, startClock, stopClock } from './sla-clock.ts';
import { runEntryActions } from './step-actions.ts';
import { firstOfStatus, nextStep, stepContext } from './step-order.ts';
import { workflowRepo as repo, type StepRow } from './workflow.repo.ts';
import type { StoredTemplate, WorkflowTemplatesService } from './workflow-templates.service.ts';

/** Reads the platform does for itself (a hook, a job): the dossier's visibility check lets it through. */
export const platformActor: Actor = {
  id: '00000000-0000-0000-0000-000000000000',
  role: 'admin',
  companyId: null,
};

export type DossierRow = Selectable<Database['dossiers']>;

/** What a transaction changed that others hear about once it committed. */
export class Effects {
  readonly entered: DomainEvents['workflow.step_entered'][] = [];
  readonly completed: DomainEvents['workflow.step_completed'][] = [];
  readonly requested: DomainEvents['document.requested'][] = [];
  /** Alerts of closed steps, resolved with them (their cause is gone). */
  readonly alertsResolved: DomainEvents['alert.updated'][] = [];
  statusChange: DomainEvents['dossier.status_changed'] | null = null;

  publish(events: EventBus, dossiers: Pick<DossiersService, 'announceStatusChange'>): void {
    for (const event of this.completed) events.publish('workflow.step_completed', event);
    for (const event of this.entered) events.publish('workflow.step_entered', event);
    for (const event of this.requested) events.publish('document.requested', event);
    for (const event of this.alertsResolved) events.publish('alert.updated', event);
    if (this.statusChange) dossiers.announceStatusChange(this.statusChange);
  }
}

/** One transaction's work on one dossier's workflow: the locked dossier, its template, what its conditions read. */
export type Run = {
  trx: Executor;
  dossier: DossierRow;
  template: StoredTemplate;
  context: StepContext;
  open: StepRow | null;
  at: Date;
  effects: Effects;
};

export type StepWriterDeps = {
  clock: Clock;
  dossiers: DossiersService;
  templates: WorkflowTemplatesService;
  documents: Documents;
  sla: Pick<Config['sla'], 'warningRatio'>;
};

/**
 * The writes of the engine inside a dossier's transaction: loading (and instantiating) its workflow, entering,
 * closing and skipping steps. Everything others must hear goes to the run's `effects`, published after the commit.
 */
export class StepWriter {
  private readonly deps: StepWriterDeps;
  constructor(deps: StepWriterDeps) {
    this.deps = deps;
  }

  /** Locks the dossier (visible to `actor`) and its workflow; a dossier made before workflows is instantiated. */
  async load(trx: Executor, actor: Actor, dossierId: string, effects = new Effects()): Promise<Run> {
    const dossier = await this.deps.dossiers.lockWithin(trx, actor, dossierId);
    const workflow = await repo.lockWorkflow(trx, dossierId);
    const { templates } = this.deps;
    const template = workflow
      ? await templates.byId(workflow.templateId, trx)
      : await templates.current(dossier.productCode, trx);
    const run = await this.runOf(trx, dossier, template, effects);
    if (!workflow) await this.instantiate(run, 'aligned');
    return { ...run, open: (await repo.lockOpenStep(trx, dossierId)) ?? null };
  }

  /** A new dossier's workflow, in its creation's transaction: its product's current template, its first step. */
  async start(trx: Executor, dossierId: string, effects: Effects): Promise<void> {
    const dossier = await this.deps.dossiers.lockWithin(trx, platformActor, dossierId);
    const template = await this.deps.templates.current(dossier.productCode, trx);
    await this.instantiate(await this.runOf(trx, dossier, template, effects), 'new');
  }

  private async runOf(
    trx: Executor,
    dossier: DossierRow,
    template: StoredTemplate,
    effects: Effects,
  ): Promise<Run> {
    const context = stepContext(await repo.simulationAnswers(trx, dossier.simulationId), dossier);
    return { trx, dossier, template, context, open: null, at: this.deps.clock.now(), effects };
  }

  /**
   * Writes the dossier's workflow on its product's current template. A new dossier enters its first step (its
   * entry actions run); one made before workflows is aligned with its status: the steps before it recorded
   * skipped ('before_workflows'), the status's first step entered without its entry actions (its work began).
   */
  private async instantiate(run: Run, how: 'new' | 'aligned'): Promise<void> {
    const { trx, dossier, template, at } = run;
    await repo.insertWorkflow(trx, {
      dossierId: dossier.id,
      templateId: template.id,
      currentStepId: null,
      createdAt: at,
      updatedAt: at,
    });
    const status = dossier.status as DossierStatus;
    if (how === 'new') {
      const { skipped, next } = nextStep(template.steps, -1, () => run.context);
      await this.skip(run, skipped, 'condition');
      if (next !== null) await this.enter(run, next, dossier.createdBy, true);
      return;
    }
    const start = template.steps.findIndex((s) => s.status === status);
    const before = start < 0 && status === 'closed' ? template.steps.length : start;
    await this.skip(
      run,
      template.steps.slice(0, Math.max(before, 0)).map((_, i) => i),
      'before_workflows',
    );
    if (start >= 0) await this.enterStatus(run, status, null, false);
  }

  /** Enters the first applicable step of `status` (the ones before it in that status skipped); false: none there. */
  async enterStatus(
    run: Run,
    status: DossierStatus,
    actorId: string | null,
    actions: boolean,
  ): Promise<boolean> {
    const { skipped, next } = firstOfStatus(run.template.steps, status, run.context);
    await this.skip(run, skipped, 'condition');
    if (next === null) {
      await repo.updateWorkflow(run.trx, run.dossier.id, { currentStepId: null, updatedAt: run.at });
      return false;
    }
    await this.enter(run, next, actorId, actions);
    return true;
  }

  /** Enters the step at `position`: its row (SLA clock started), the workflow's current step, its entry actions. */
  async enter(run: Run, position: number, actorId: string | null, actions: boolean): Promise<string> {
    const { trx, dossier, template, at } = run;
    const step = template.steps[position]!;
    const id = uuidv7(at.getTime());
    const clock = startClock(step.sla, at, this.deps.sla.warningRatio);
    await repo.insertSteps(trx, [
      {
        id,
        dossierId: dossier.id,
        stepKey: step.key,
        position,
        dossierStatus: step.status,
        actingRole: step.role,
        state: 'active',
        enteredAt: at,
        ...clock,
      },
    ]);
    await repo.updateWorkflow(trx, dossier.id, { currentStepId: id, updatedAt: at });
    if (actions) {
      const requested = await runEntryActions(
        { trx, documents: this.deps.documents, at },
        { dossier, stepId: id, step, actorId },
      );
      run.effects.requested.push(...requested);
    }
    run.effects.entered.push({ ...this.eventBase(run, id, position), actions: actions ? step.actions : [] });
    return id;
  }

  /** Records the steps at `positions` skipped (their condition, an admin's override, a dossier older than them). */
  async skip(run: Run, positions: readonly number[], note: string): Promise<void> {
    const { at, dossier, template } = run;
    await repo.insertSteps(
      run.trx,
      positions.map((position) => {
        const step = template.steps[position]!;
        return {
          id: uuidv7(at.getTime()),
          dossierId: dossier.id,
          stepKey: step.key,
          position,
          dossierStatus: step.status,
          actingRole: step.role,
          state: 'skipped' as const,
          enteredAt: at,
          completedAt: at,
          note,
        };
      }),
    );
  }

  /** Closes an open step: its clock stopped, its pause ended, who closed it and why. */
  async close(
    run: Run,
    row: StepRow,
    state: Exclude<StepState, 'active' | 'awaiting_validation'>,
    by: { actorId: string | null; note: string | null },
  ): Promise<void> {
    const { trx, at } = run;
    const { pausedMs, consumedMs, runningSince, pausedSince, pauseReason } = stopClock(clockOf(row), at);
    await repo.updateStep(trx, row.id, {
      state,
      completedAt: at,
      completedBy: state === 'completed' ? by.actorId : null,
      note: by.note ?? row.note,
      pausedMs,
      consumedMs,
      runningSince,
      pausedSince,
      pauseReason,
    });
    if (row.pausedSince) await repo.endPause(trx, row.id, at);
    const resolved = await alertsRepo.resolveCause(trx, { stepId: row.id }, at);
    if (run.template.steps[row.position]?.actions.some((a) => a.type === 'create_reminder')) {
      await remindersRepo.stop(trx, { kind: 'step_reminder', subjectId: row.id }, state, at);
    }
    run.effects.alertsResolved.push(...resolved.map((alert) => alertUpdateOf(alert, at)));
    if (state === 'completed') {
      run.effects.completed.push({ ...this.eventBase(run, row.id, row.position), actorId: by.actorId });
    }
  }

  private eventBase(run: Run, stepId: string, position: number) {
    const step = run.template.steps[position]!;
    return {
      dossierId: run.dossier.id,
      companyId: run.dossier.companyId,
      expertId: run.dossier.expertId,
      stepId,
      stepKey: step.key,
      stepName: step.name,
      role: step.role,
      at: run.at,
    };
  }
}
