import type { Dossier } from '../../../common/dossiers.ts';
import { uuidv7 } from '../../../common/ids.ts';
import type { StepAction, WorkflowStep } from '../../../common/workflows.ts';
import type { AuthUser } from '../../platform/auth-guard.ts';
import { AppError } from '../../platform/errors.ts';
import { type Platform, Service } from '../../platform/service.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import type { ExpertRequestsService } from '../experts/expert-requests.service.ts';
import type { ExpertSearchService } from '../experts/search.service.ts';
import type { UsersService } from '../users/users.service.ts';
import { alertEventOf } from './alerts.presenter.ts';
import { alertsRepo } from './alerts.repo.ts';
import { autoAssignmentRepo as repo } from './auto-assignment.repo.ts';
import { platformActor } from './step-writer.ts';

export type AutoAssignmentDeps = Pick<Platform, 'db' | 'clock' | 'events'> & {
  dossiers: DossiersService;
  users: UsersService;
  expertSearch: ExpertSearchService;
  expertRequests: ExpertRequestsService;
};

/** What a run did: asked an expert, assigned one, found none (admins alerted), or had nothing to do. */
export type AssignmentOutcome = 'asked' | 'assigned' | 'unavailable' | 'nothing';

type AssignAction = Extract<StepAction, { type: 'assign_expert' }>;

const assignActionOf = (step: WorkflowStep | undefined): AssignAction | undefined =>
  step?.actions.find((a): a is AssignAction => a.type === 'assign_expert');

/** Recommendations read per round while looking for an expert of the region not asked yet. */
const RECOMMENDATIONS_PAGE = 10;
const AUTOMATIC_REQUEST =
  'Demande envoyée automatiquement par la plateforme : vous êtes l’expert disponible le mieux placé pour ce dossier.';
const UNANSWERED = 'Sans réponse de l’expert dans le délai : la demande passe à l’expert suivant.';

/**
 * Automatic assignment, for the steps whose template says `assign_expert`: the best available expert (listed, capacity
 * left, handles the product, covers the company's region, best recommendation score, never asked for this dossier)
 * is asked (`ask`: an expert request, made in the name of the company's client) or assigned (`assign`: an admin's
 * proposal, in the name of the longest-standing admin). An expert asked this way who declines, or lets the next
 * step's SLA pass, makes way for the next one; when nobody is left the admins get an `assignment_unavailable` alert.
 */
export class AutoAssignmentService extends Service<AutoAssignmentDeps> {
  /** The dossier's open step, whose assignment a decline or a breached deadline may call for again. */
  async openStepId(dossierId: string): Promise<string | null> {
    return (await repo.openStep(this.deps.db, dossierId))?.id ?? null;
  }

  /** Of the dossiers whose step just breached its SLA, the steps where an expert's answer is awaited. */
  async awaitingExpert(dossierIds: readonly string[]): Promise<{ dossierId: string; stepId: string }[]> {
    return dossierIds.length === 0 ? [] : repo.awaitingExpert(this.deps.db, dossierIds);
  }

  /** Assigns for the dossier's step `stepId`, if it is still its open step and still needs it. */
  async run(dossierId: string, stepId: string): Promise<AssignmentOutcome> {
    const step = await repo.openStep(this.deps.db, dossierId);
    const dossier = await this.deps.dossiers.describe(dossierId);
    if (!step || step.id !== stepId || !dossier) return 'nothing';
    const own = assignActionOf(step.steps[step.position]);
    if (own) {
      const due = own.mode === 'ask' ? dossier.status === 'eligible' : dossier.expert === null;
      return due ? this.offer(dossier, stepId, own.mode) : 'nothing';
    }
    // The expert asked automatically let the deadline of their answer pass: the request goes to the next one.
    const askedAutomatically = step.steps
      .slice(0, step.position)
      .some((s) => assignActionOf(s)?.mode === 'ask');
    const breached = step.dueAt !== null && step.dueAt <= this.deps.clock.now();
    if (!askedAutomatically || !breached || dossier.status !== 'expert_pending') return 'nothing';
    const admin = await this.admin();
    if (!admin) return 'nothing';
    const back = await this.unlessConcurrent(() =>
      this.deps.dossiers.transition(admin, dossierId, { to: 'eligible', reason: UNANSWERED }),
    );
    if (!back) return 'nothing';
    const next = await repo.openStep(this.deps.db, dossierId);
    return next ? this.offer({ ...dossier, status: 'eligible', expert: null }, next.id, 'ask') : 'nothing';
  }

  private async offer(
    dossier: Dossier,
    stepId: string,
    mode: AssignAction['mode'],
  ): Promise<AssignmentOutcome> {
    const expertId = await this.bestExpert(dossier);
    if (!expertId) {
      await this.raiseUnavailable(dossier, stepId);
      return 'unavailable';
    }
    if (mode === 'assign') {
      const admin = await this.admin();
      if (!admin) return 'nothing';
      const done = await this.unlessConcurrent(() => this.deps.dossiers.assign(admin, dossier.id, expertId));
      return done ? 'assigned' : 'nothing';
    }
    const [clientId] = await this.deps.users.companyClients(dossier.company.id);
    if (!clientId) return 'nothing';
    const client: AuthUser = {
      id: clientId,
      role: 'client',
      companyId: dossier.company.id,
      status: 'active',
    };
    const done = await this.unlessConcurrent(() =>
      this.deps.expertRequests.create(client, dossier.id, { expertId, message: AUTOMATIC_REQUEST }),
    );
    return done ? 'asked' : 'nothing';
  }

  /** The best recommended expert covering the company's region and never asked for this dossier. */
  private async bestExpert(dossier: Dossier): Promise<string | null> {
    const asked = new Set(await this.deps.expertRequests.expertsAskedFor(dossier.id));
    const reader = { ...platformActor, status: 'active' as const };
    for (let limit = asked.size + RECOMMENDATIONS_PAGE; ; limit *= 2) {
      const { items } = await this.deps.expertSearch.recommend(reader, dossier.id, { limit });
      const best = items.find(
        ({ expert }) =>
          !asked.has(expert.id) && (expert.regions as string[]).includes(dossier.company.region),
      );
      if (best) return best.expert.id;
      if (items.length < limit) return null;
    }
  }

  /** Tells the admins that nobody can take the dossier, once per step. */
  private async raiseUnavailable(dossier: Dossier, stepId: string): Promise<void> {
    const at = this.deps.clock.now();
    const row = await alertsRepo.insert(this.deps.db, {
      id: uuidv7(at.getTime()),
      type: 'assignment_unavailable',
      severity: 'high',
      dedupeKey: `assignment_unavailable:${stepId}`,
      dossierId: dossier.id,
      stepId,
      assigneeId: null,
      audience: 'admin',
      level: 0,
      state: 'open',
      data: JSON.stringify({ productCode: dossier.product.code, region: dossier.company.region }),
      createdAt: at,
      updatedAt: at,
    });
    if (row) this.deps.events.publish('alerts.raised', { alerts: [alertEventOf(row)], at });
  }

  private async admin(): Promise<AuthUser | null> {
    return (await repo.anAdmin(this.deps.db)) ?? null;
  }

  /** Runs a move another run (or a person) may have made first: false when the dossier already moved on. */
  private async unlessConcurrent(move: () => Promise<unknown>): Promise<boolean> {
    try {
      await move();
      return true;
    } catch (error) {
      if (error instanceof AppError && error.code === 'INVALID_TRANSITION') return false;
      throw error;
    }
  }
}
