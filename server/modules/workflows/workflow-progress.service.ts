import { closingStatuses, type Dossier } from '../../../common/dossiers.ts';
import type { WorkflowProgress } from '../../../common/workflows.ts';
import type { Actor } from '../../platform/actor.ts';
import { type Platform, Service } from '../../platform/service.ts';
import type { Documents } from '../documents/documents.services.ts';
import type { DossiersService } from '../dossiers/dossiers.service.ts';
import { type DocumentFacts, toWorkflowProgress } from './workflow-progress.presenter.ts';
import { workflowProgressRepo } from './workflow-progress.repo.ts';
import type { WorkflowTemplatesService } from './workflow-templates.service.ts';

export type WorkflowProgressDeps = Pick<Platform, 'db' | 'clock'> & {
  dossiers: DossiersService;
  templates: WorkflowTemplatesService;
  documents: Documents;
};

/** A banner counts the open requests up to this (a dossier never has this many). */
const OPEN_REQUESTS_READ = 100;

const orUndefined = (cents: number | null) => cents ?? undefined;

/** A dossier's progress through its workflow, as its client, its expert and the admins see it. */
export class WorkflowProgressService extends Service<WorkflowProgressDeps> {
  /**
   * Every step of the dossier's template with its latest instance, what the open step still needs, who acts, the
   * time each party held the steps, the timeline and the banners. A dossier made before workflows and not yet
   * instantiated (the backfill job does it) is answered from its product's current template, aligned to its status.
   */
  async get(actor: Actor, dossierId: string): Promise<WorkflowProgress> {
    const { db, templates } = this.deps;
    const dossier = await this.deps.dossiers.find(actor, dossierId);
    const [workflow, rows, pauses, signatures, latest, documents] = await Promise.all([
      workflowProgressRepo.workflowOf(db, dossierId),
      workflowProgressRepo.steps(db, dossierId),
      workflowProgressRepo.pauses(db, dossierId),
      workflowProgressRepo.signatures(db, dossierId),
      templates.current(dossier.product.code),
      this.documentFacts(actor, dossier),
    ]);
    const templateId = workflow?.templateId ?? null;
    const template = templateId && templateId !== latest.id ? await templates.byId(templateId) : latest;
    return toWorkflowProgress({
      dossier,
      template,
      latestVersion: latest.version,
      context: {
        ...workflow?.answers,
        estimatedCents: orUndefined(dossier.estimatedCents),
        auditedCents: orUndefined(dossier.auditedCents),
        grantedCents: orUndefined(dossier.grantedCents),
      },
      instantiated: templateId !== null,
      rows,
      pauses,
      signatures,
      documents,
      now: this.deps.clock.now(),
    });
  }

  /** What the open step's guards and the banners read of the documents; a closed dossier awaits none. */
  private async documentFacts(actor: Actor, dossier: Dossier): Promise<DocumentFacts | null> {
    if (closingStatuses.includes(dossier.status)) return null;
    const { documents } = this.deps;
    const [approvedCategories, open] = await Promise.all([
      documents.documents.approvedCategories(this.deps.db, dossier.id),
      documents.requests.list(actor, { status: 'open', dossierId: dossier.id, limit: OPEN_REQUESTS_READ }),
    ]);
    // Newest first: the last one is the oldest still open.
    const oldest = open.items.at(-1);
    const dueDates = open.items.flatMap((r) => (r.dueAt ? [r.dueAt] : [])).sort();
    return {
      approvedCategories,
      openRequests: oldest
        ? {
            count: open.items.length,
            since: new Date(oldest.createdAt),
            dueAt: dueDates[0] ? new Date(dueDates[0]) : null,
          }
        : null,
    };
  }
}
