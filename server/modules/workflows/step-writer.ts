import type { Selectable } from 'kysely';
import type { DossierStatus } from '../../../common/dossier-lifecycle.ts';
import { uuidv7 } from '../../../common/ids.ts';
import type { Answers } from '../../../common/products.ts';
import type { StepContext, StepState } from '../../../common/workflows.ts';
import type { Config } from '../../config.ts';
import type { Executor } from '../../db/pool.ts';
import type { Database } from '../../db/schema.ts';
import type { Actor } from '../../platform/actor.ts';
import type { Clock } from '../../platform/clock.ts';
import type { DomainEvents, EventBus } from '../../platform/events.ts';
import type { Documents } from '../documents/documents.services.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import { alertUpdateOf } from './alerts.presenter.ts';
import { alertsRepo } from './alerts.repo.ts';
import { remindersRepo } from './reminders.repo.ts';
import { clockOf, startClock, stopClock } from './sla-clock.ts';
import { runEntryActions } from './step-actions.ts';
import { firstOfStatus, nextStep, stepContext } from './step-order.ts';
import { type NewStepRow, type NewWorkflowRow, workflowRepo as repo, type StepRow } from './workflow.repo.ts';
import type { StoredTemplate, WorkflowTemplatesService } from './workflow-templates.service.ts';

/** Reads the platform does for itself (a hook, a job): the dossier's visibility check lets it through. */
export const platformActor: Actor = {
  id: '00000000-0000-0000-0000-000000000000',
  role: 'admin',
  companyId: null,
};

export type DossierRow = Selectable<Database['dossiers']>;
/** A step row as the writer builds it: its id known before it is written. */
type StepInsert = NewStepRow & { id: string };

/** What a transaction changed that others hear about once it committed. */
export class Effects {
  readonly entered: DomainEvents['workflow.step_entered'][] = [];
  readonly completed: DomainEvents['workflow.step_completed'][] = [];
  readonly requested: DomainEvents['document.requested'][] = [];
  /** Alerts of closed steps, resolved with them (their cause is gone). */
  readonly alertsResolved: DomainEvents['alert.updated'][] = [];
  statusChange: DomainEvents['dossier.status_changed'] | null = null;

  /** Publishes it all; resolves once the subscribers of the workflow's own events are done (a bulk writer waits). */
  publish(events: EventBus, dossiers: Pick<DossiersService, 'announceStatusChange'>): Promise<void> {
    const running = [
      ...this.completed.map((event) => events.deliver('workflow.step_completed', event)),
      ...this.entered.map((event) => events.deliver('workflow.step_entered', event)),
      ...this.requested.map((event) => events.deliver('document.requested', event)),
      ...this.alertsResolved.map((event) => events.deliver('alert.updated', event)),
    ];
    if (this.statusChange) dossiers.announceStatusChange(this.statusChange);
    return Promise.all(running).then(() => {});
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
    const run = this.runOf(trx, dossier, template, await this.answersOf(trx, dossier), effects);
    if (!workflow) await this.writeAligned(trx, [run]);
    return { ...run, open: (await repo.lockOpenStep(trx, dossierId)) ?? null };
  }

  /** A new dossier's workflow, in its creation's transaction: its product's current template, its first step. */
  async start(trx: Executor, dossierId: string, effects: Effects): Promise<void> {
    const dossier = await this.deps.dossiers.lockWithin(trx, platformActor, dossierId);
    const template = await this.deps.templates.current(dossier.productCode, trx);
    const run = this.runOf(trx, dossier, template, await this.answersOf(trx, dossier), effects);
    await repo.insertWorkflows(trx, [this.workflowRow(run, null)]);
    const { skipped, next } = nextStep(template.steps, -1, () => run.context);
    await this.skip(run, skipped, 'condition');
    if (next !== null) await this.enter(run, next, dossier.createdBy, true);
  }

  /**
   * Gives each of the dossiers `ids` still without a workflow (made before workflows) its workflow aligned with its
   * status, in the caller's transaction, a few statements for them all; how many it gave one.
   */
  async alignAll(trx: Executor, ids: readonly string[], effects: Effects): Promise<number> {
    const locked = await this.deps.dossiers.lockAllWithin(trx, platformActor, ids);
    const instantiated = await repo.withWorkflow(
      trx,
      locked.map((d) => d.id),
    );
    const dossiers = locked.filter((d) => !instantiated.has(d.id));
    const answers = await repo.simulationAnswers(
      trx,
      dossiers.flatMap((d) => d.simulationId ?? []),
    );
    const templates = new Map<string, StoredTemplate>();
    const runs: Run[] = [];
    for (const dossier of dossiers) {
      const template =
        templates.get(dossier.productCode) ?? (await this.deps.templates.current(dossier.productCode, trx));
      templates.set(dossier.productCode, template);
      const answered = answers.get(dossier.simulationId ?? '') ?? {};
      runs.push(this.runOf(trx, dossier, template, answered, effects));
    }
    await this.writeAligned(trx, runs);
    return runs.length;
  }

  private runOf(
    trx: Executor,
    dossier: DossierRow,
    template: StoredTemplate,
    answers: Answers,
    effects: Effects,
  ): Run {
    const context = stepContext(answers, dossier);
    return { trx, dossier, template, context, open: null, at: this.deps.clock.now(), effects };
  }

  private async answersOf(trx: Executor, dossier: DossierRow): Promise<Answers> {
    if (!dossier.simulationId) return {};
    return (await repo.simulationAnswers(trx, [dossier.simulationId])).get(dossier.simulationId) ?? {};
  }

  /**
   * Writes the workflows of dossiers made before workflows, each aligned with its status: the steps before it
   * recorded skipped ('before_workflows'), the status's first applicable step entered without its entry actions (its
   * work began).
   */
  private async writeAligned(trx: Executor, runs: readonly Run[]): Promise<void> {
    const workflows: NewWorkflowRow[] = [];
    const steps: NewStepRow[] = [];
    for (const run of runs) {
      const { dossier, template, context } = run;
      const status = dossier.status as DossierStatus;
      const start = template.steps.findIndex((s) => s.status === status);
      const before = start < 0 && status === 'closed' ? template.steps.length : start;
      for (let position = 0; position < before; position++) {
        steps.push(this.skippedRow(run, position, 'before_workflows'));
      }
      let current: string | null = null;
      if (start >= 0) {
        const { skipped, next } = firstOfStatus(template.steps, status, context);
        steps.push(...skipped.map((position) => this.skippedRow(run, position, 'condition')));
        if (next !== null) {
          const entered = this.enteredRow(run, next);
          steps.push(entered);
          current = entered.id;
          run.effects.entered.push({ ...this.eventBase(run, entered.id, next), actions: [] });
        }
      }
      workflows.push(this.workflowRow(run, current));
    }
    await repo.insertWorkflows(trx, workflows);
    await repo.insertSteps(trx, steps);
  }

  private workflowRow({ dossier, template, at }: Run, currentStepId: string | null): NewWorkflowRow {
    return { dossierId: dossier.id, templateId: template.id, currentStepId, createdAt: at, updatedAt: at };
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
    const row = this.enteredRow(run, position);
    const { id } = row;
    await repo.insertSteps(trx, [row]);
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
    await repo.insertSteps(
      run.trx,
      positions.map((position) => this.skippedRow(run, position, note)),
    );
  }

  /** The row of the step at `position` entered now: active, its SLA clock started. */
  private enteredRow(run: Run, position: number): StepInsert {
    const step = run.template.steps[position]!;
    return {
      ...this.stepRow(run, position),
      state: 'active',
      ...startClock(step.sla, run.at, this.deps.sla.warningRatio),
    };
  }

  private skippedRow(run: Run, position: number, note: string): StepInsert {
    return { ...this.stepRow(run, position), state: 'skipped', completedAt: run.at, note };
  }

  private stepRow({ dossier, template, at }: Run, position: number) {
    const step = template.steps[position]!;
    return {
      id: uuidv7(at.getTime()),
      dossierId: dossier.id,
      stepKey: step.key,
      position,
      dossierStatus: step.status,
      actingRole: step.role,
      enteredAt: at,
    };
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
