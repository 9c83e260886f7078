import type { z } from 'zod';
import type { DossierStatus } from '../../../common/dossier-lifecycle.ts';
import type {
  CompleteStepInput,
  StepOutcome,
  StepState,
  templateMigration,
  templateMigrationInput,
  validateStepInput,
  WorkflowStep,
} from '../../../common/workflows.ts';
import type { Config } from '../../config.ts';
import type { Executor } from '../../db/pool.ts';
import type { Actor } from '../../platform/actor.ts';
import { recordAudit } from '../../platform/audit.ts';
import { AppError, forbidden, notFound } from '../../platform/errors.ts';
import { type Platform, Service } from '../../platform/service.ts';
import type { Documents } from '../documents/documents.services.ts';
import type { DossierChange } from '../dossiers/dossier-changes.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import { completionBy, guardRefusal, mayValidate, missingFor } from './step-guards.ts';
import { contextAfterEdge, nextStep } from './step-order.ts';
import { Effects, platformActor, type Run, StepWriter } from './step-writer.ts';
import { workflowRepo as repo, type StepRow } from './workflow.repo.ts';
import { alignWithStatusChange } from './workflow-alignment.ts';
import { applyMigration, planMigration } from './workflow-migrations.ts';
import type { WorkflowTemplatesService } from './workflow-templates.service.ts';

export type WorkflowEngineDeps = Pick<Platform, 'db' | 'clock' | 'events' | 'jobs'> & {
  dossiers: DossiersService;
  templates: WorkflowTemplatesService;
  documents: Documents;
  sla: Config['sla'];
};

type ValidateInput = z.infer<typeof validateStepInput>;
type MigrationInput = z.infer<typeof templateMigrationInput>;

/** Dossiers instantiated per transaction by the backfill: their rows stay locked until it commits. */
const BACKFILL_BATCH = 500;

const stepNotActive = () =>
  new AppError(409, 'STEP_NOT_ACTIVE', 'Cette étape n’est pas (ou plus) l’étape en cours du dossier');

/**
 * Moves dossiers through their workflow: the steps of each status in order, the lifecycle edge taken when the last
 * step of a status completes. Every change is one transaction (the dossier's row locked first); its events go out
 * after the commit. Status changes made elsewhere reach it through the dossiers' change hook (workflow-alignment.ts).
 */
export class WorkflowEngine extends Service<WorkflowEngineDeps> {
  private readonly writer: StepWriter;
  /** What a status change made elsewhere did to the workflow, published once that change is announced. */
  private readonly pending = new WeakMap<object, Effects>();
  /**
   * Dossiers whose status this engine is changing itself, in a transaction holding their row: the change hook has
   * nothing to align (the open step is already in the new status).
   */
  private readonly advancing = new Set<string>();

  constructor(deps: WorkflowEngineDeps) {
    super(deps);
    this.writer = new StepWriter(deps);
    deps.dossiers.onChange((trx, change) => this.onDossierChange(trx, change));
    // The dossiers module announces the very object its hooks saw: its workflow's events follow it.
    const publishPending = (change: object) => {
      const effects = this.pending.get(change);
      this.pending.delete(change);
      effects?.publish(deps.events, deps.dossiers);
    };
    deps.events.subscribe('dossier.status_changed', publishPending);
    deps.events.subscribe('dossier.created', publishPending);
  }

  /**
   * The acting party (or an admin) completes the open step: its guards checked, then either handed to its validator
   * or completed, the next applicable step entered and, when that ends the status, the lifecycle edge taken with the
   * input's amount, reference and reason.
   */
  async complete(
    actor: Actor,
    dossierId: string,
    stepId: string,
    input: CompleteStepInput,
  ): Promise<StepOutcome> {
    return this.inTransaction(actor, dossierId, stepId, async (run) => {
      const { row, step } = this.openStep(run, stepId, 'active');
      const completion = completionBy(actor, step, run.dossier);
      if (!completion) throw forbidden('Cette étape ne relève pas de votre rôle');
      await this.checkGuards(run, row, step);
      if (completion === 'complete') return this.advance(run, row, actor, input);
      await repo.updateStep(run.trx, row.id, {
        state: 'awaiting_validation',
        submittedAt: run.at,
        submittedBy: actor.id,
        note: input.note ?? null,
      });
      await this.audit(run, actor, 'workflow.step_submitted', row, 'awaiting_validation');
      return 'awaiting_validation';
    });
  }

  /** The validator approves the submitted step (it completes as `complete` would) or sends it back with a reason. */
  async validate(
    actor: Actor,
    dossierId: string,
    stepId: string,
    input: ValidateInput,
  ): Promise<StepOutcome> {
    return this.inTransaction(actor, dossierId, stepId, async (run) => {
      const { row, step } = this.openStep(run, stepId, 'awaiting_validation');
      if (!mayValidate(actor, step, run.dossier)) {
        throw forbidden('La validation de cette étape revient à un autre rôle');
      }
      if (input.decision === 'approve') {
        await this.checkGuards(run, row, step);
        return this.advance(run, row, actor, { note: input.note });
      }
      await repo.updateStep(run.trx, row.id, { state: 'active', note: input.reason });
      await this.audit(run, actor, 'workflow.step_sent_back', row, 'active');
      return 'active';
    });
  }

  /** What moving the product's open dossiers to `toVersion` does (dry run), or does it (audited). */
  async migrate(
    admin: Actor,
    productCode: string,
    input: MigrationInput,
  ): Promise<z.infer<typeof templateMigration>> {
    const { db, templates, events, dossiers } = this.deps;
    if (input.dryRun) return planMigration(db, templates, productCode, input);
    const target = await templates.version(productCode, input.toVersion);
    const effects = new Effects();
    const result = await db
      .transaction()
      .execute((trx) => applyMigration(this.writer, trx, admin, target, input, effects));
    effects.publish(events, dossiers);
    return result;
  }

  /** Instantiates the workflow of a dossier made before workflows, in the caller's transaction. */
  async ensureInstantiated(trx: Executor, dossierId: string): Promise<void> {
    await this.writer.load(trx, platformActor, dossierId);
  }

  /**
   * Gives every dossier made before workflows its workflow, aligned with its status; how many there were. A batch
   * per transaction, written in a few statements, and the next one once the subscribers of the steps entered (their
   * SLA clocks) are done: one dossier at a time, a million dossiers took an hour. Then, when it wrote any, the tables
   * it filled are vacuumed and analysed: left to autovacuum, that work came in the middle of the first requests after
   * a large backfill (8 s of `VACUUM ANALYZE dossier_steps` during the marketplace benchmark's first run).
   */
  async backfill(batch = BACKFILL_BATCH): Promise<number> {
    let done = 0;
    let after: string | null = null;
    for (;;) {
      const ids: string[] = (await repo.dossiersWithoutWorkflow(this.deps.db, after, batch)).map((r) => r.id);
      if (ids.length > 0) {
        const effects = new Effects();
        done += await this.deps.db.transaction().execute((trx) => this.writer.alignAll(trx, ids, effects));
        await effects.publish(this.deps.events, this.deps.dossiers);
      }
      if (ids.length < batch) break;
      after = ids.at(-1)!;
    }
    if (done > 0) await repo.vacuumWorkflows(this.deps.db);
    return done;
  }

  private async onDossierChange(trx: Executor, change: DossierChange): Promise<void> {
    if (change.kind === 'created') {
      const effects = new Effects();
      await this.writer.start(trx, change.event.dossierId, effects);
      this.pending.set(change.event, effects);
    } else if (change.kind === 'status_changed' && !this.advancing.has(change.event.dossierId)) {
      const effects = new Effects();
      await alignWithStatusChange(this.writer, this.deps.documents, trx, change.event, effects);
      this.pending.set(change.event, effects);
    }
  }

  /**
   * One transaction on the step `stepId` of a dossier `actor` may see; its effects published after the commit. The
   * work answers the step's new state.
   */
  private async inTransaction(
    actor: Actor,
    dossierId: string,
    stepId: string,
    work: (run: Run) => Promise<StepState>,
  ): Promise<StepOutcome> {
    const { run, state } = await this.deps.db.transaction().execute(async (trx) => {
      const run = await this.writer.load(trx, actor, dossierId);
      return { run, state: await work(run) };
    });
    run.effects.publish(this.deps.events, this.deps.dossiers);
    const entered = run.effects.entered.at(-1)?.stepId;
    return {
      dossierId,
      stepId,
      state,
      currentStepId: state === 'completed' ? (entered ?? null) : stepId,
      status: (run.effects.statusChange?.to ?? run.dossier.status) as DossierStatus,
    };
  }

  /** The open step `stepId` in `state`: a step of the dossier no longer open (or another one) is 409. */
  private openStep(run: Run, stepId: string, state: StepState): { row: StepRow; step: WorkflowStep } {
    const row = run.open;
    if (row?.id !== stepId || row.state !== state) throw stepNotActive();
    const step = run.template.steps[row.position];
    if (!step) throw notFound('Étape');
    return { row, step };
  }

  private async checkGuards(run: Run, row: StepRow, step: WorkflowStep): Promise<void> {
    const needsDocuments = step.requiredDocuments.length > 0;
    const facts = {
      approvedCategories: needsDocuments
        ? await this.deps.documents.documents.approvedCategories(run.trx, run.dossier.id)
        : new Set<string>(),
      signed: step.signature ? await repo.isSigned(run.trx, row.id) : false,
    };
    const refusal = guardRefusal(step, missingFor(step, facts));
    if (refusal) throw refusal;
  }

  /** Completes the step, enters the next applicable one and takes the lifecycle edge when the status ends. */
  private async advance(
    run: Run,
    row: StepRow,
    actor: Actor,
    input: CompleteStepInput,
  ): Promise<'completed'> {
    const { trx, template, dossier } = run;
    const from = dossier.status as DossierStatus;
    await this.writer.close(run, row, 'completed', { actorId: actor.id, note: input.note ?? null });
    const { skipped, next } = nextStep(template.steps, row.position, (status) =>
      status === from ? run.context : contextAfterEdge(run.context, from, status, input.amountCents),
    );
    await this.writer.skip(run, skipped, 'condition');
    if (next === null) await repo.updateWorkflow(trx, dossier.id, { currentStepId: null, updatedAt: run.at });
    else await this.writer.enter(run, next, actor.id, true);
    await this.audit(run, actor, 'workflow.step_completed', row, 'completed');
    // The template's end closes the dossier (`refunded → closed`, the path's last edge).
    const to: DossierStatus = next === null ? 'closed' : template.steps[next]!.status;
    if (to === from) return 'completed';
    this.advancing.add(dossier.id);
    try {
      run.effects.statusChange = await this.deps.dossiers.transitionWithin(
        trx,
        actor,
        dossier.id,
        { to, amountCents: input.amountCents, reference: input.reference, reason: input.reason },
        { locked: dossier },
      );
    } finally {
      this.advancing.delete(dossier.id);
    }
    return 'completed';
  }

  private audit(run: Run, actor: Actor, action: string, row: StepRow, state: StepState) {
    return recordAudit(run.trx, {
      actorId: actor.id,
      action,
      entityType: 'dossier_step',
      entityId: row.id,
      before: { dossierId: run.dossier.id, step: row.stepKey, state: row.state },
      after: { state },
      at: run.at,
    });
  }
}
