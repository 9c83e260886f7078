import { type DossierStatus, mainPath } from '../../../common/dossier-lifecycle.ts';
import type { Role } from '../../../common/roles.ts';
import {
  type StepContext,
  type StepProgress,
  stepApplies,
  type WorkflowProgress,
  type WorkflowStep,
} from '../../../common/workflows.ts';
import { missingFor } from './step-guards.ts';
import type { PauseRow, SignatureRow, StepRow } from './workflow-progress.repo.ts';

/** What the documents module says of the dossier: the categories with an approved document, its open requests. */
export type DocumentFacts = {
  approvedCategories: ReadonlySet<string>;
  openRequests: { count: number; since: Date; dueAt: Date | null } | null;
};

export type ProgressFacts = {
  dossier: { id: string; status: DossierStatus };
  template: { id: string; productCode: string; version: number; steps: WorkflowStep[] };
  latestVersion: number;
  context: StepContext;
  /** False for a dossier made before workflows and not yet instantiated: its steps are aligned to its status. */
  instantiated: boolean;
  rows: StepRow[];
  pauses: PauseRow[];
  signatures: SignatureRow[];
  documents: DocumentFacts | null;
  now: Date;
};

type Timeline = WorkflowProgress['timeline'];
type Person = { id: string; name: string; role: Role };

const isOpen = (row: StepRow) => row.state === 'active' || row.state === 'awaiting_validation';
const iso = (date: Date | null) => date?.toISOString() ?? null;
const person = (id: string | null, name: string | null, role: Role | null): Person | null =>
  id && name && role ? { id, name, role } : null;

/** The dossier's workflow as the step tracker shows it. */
export function toWorkflowProgress(facts: ProgressFacts): WorkflowProgress {
  const { template, rows, now } = facts;
  const open = rows.find(isOpen) ?? null;
  const steps = template.steps.map((step, index) => stepProgress(facts, step, index, open));
  const applicable = steps.filter((s) => s.applies);
  const done = applicable.filter((s) => s.state === 'completed' || s.state === 'skipped').length;
  const openStep = open ? template.steps.find((s) => s.key === open.stepKey) : undefined;
  const pausedMs = rows.reduce((sum, row) => sum + pausedOf(row, now), 0);
  return {
    dossierId: facts.dossier.id,
    template: {
      id: template.id,
      productCode: template.productCode,
      version: template.version,
      latestVersion: facts.latestVersion,
    },
    percent:
      facts.dossier.status === 'closed' || applicable.length === 0
        ? 100
        : Math.round((done / applicable.length) * 100),
    currentStepId: open?.id ?? null,
    whoActs: open ? actingNow(open, openStep) : facts.instantiated ? null : alignedActor(facts, steps),
    dueAt: iso(open?.dueAt ?? null),
    steps,
    timeByParty: timeByParty(facts),
    pausedMs,
    timeline: timeline(facts),
    banners: banners(facts, open),
  };
}

function stepProgress(
  facts: ProgressFacts,
  step: WorkflowStep,
  index: number,
  open: StepRow | null,
): StepProgress {
  const openIndex = open ? facts.template.steps.findIndex((s) => s.key === open.stepKey) : -1;
  // A step after the open one is still to come, even if an earlier pass through it left a row (a step back).
  const row =
    openIndex >= 0 && index > openIndex ? undefined : facts.rows.findLast((r) => r.stepKey === step.key);
  const state: StepProgress['state'] = row?.state ?? (alignedSkipped(facts, step) ? 'skipped' : 'upcoming');
  const lived = state === 'active' || state === 'awaiting_validation' || state === 'completed';
  const signature = row && facts.signatures.find((g) => g.stepId === row.id);
  const current = row !== undefined && row === open;
  const missing = current
    ? missingFor(step, {
        approvedCategories: facts.documents?.approvedCategories ?? new Set(),
        signed: signature !== undefined,
      })
    : { documents: [], signature: false };
  return {
    key: step.key,
    name: step.name,
    role: step.role,
    status: step.status,
    state,
    applies: lived || stepApplies(step, facts.context),
    stepId: row?.id ?? null,
    enteredAt: iso(row?.enteredAt ?? null),
    completedAt: row?.state === 'completed' ? iso(row.completedAt) : null,
    completedBy: row ? person(row.completedBy, row.completedByName, row.completedByRole) : null,
    sla: step.sla,
    dueAt: iso(row?.dueAt ?? null),
    pausedMs: row ? pausedOf(row, facts.now) : 0,
    pausedSince: iso(row?.pausedSince ?? null),
    pauseReason: row?.pauseReason ?? null,
    requiredDocuments: step.requiredDocuments,
    validation: step.validation,
    signature: step.signature && {
      documentCategory: step.signature.documentCategory,
      signedAt: iso(signature?.signedAt ?? null),
      signerName: signature?.signerName ?? null,
    },
    missing: { ...missing, validation: current && row.state === 'awaiting_validation' },
  };
}

/** Before instantiation, the steps of the statuses the dossier has passed show as skipped (as the backfill records). */
function alignedSkipped(facts: ProgressFacts, step: WorkflowStep): boolean {
  if (facts.instantiated) return false;
  const at = mainPath.indexOf(facts.dossier.status);
  return at >= 0 && mainPath.indexOf(step.status) < at;
}

function alignedActor(facts: ProgressFacts, steps: StepProgress[]): Role | null {
  return steps.find((s) => s.status === facts.dossier.status && s.applies)?.role ?? null;
}

/** The validator holds a step awaiting validation. */
function actingNow(row: StepRow, step: WorkflowStep | undefined): Role {
  return row.state === 'awaiting_validation' ? (step?.validation ?? 'admin') : row.actingRole;
}

/** Wall time paused: the closed pauses plus the current one. */
function pausedOf(row: StepRow, now: Date): number {
  return Number(row.pausedMs) + (row.pausedSince ? now.getTime() - row.pausedSince.getTime() : 0);
}

/** Wall time each party held the steps, pauses excluded; the validator holds a step from its submission. */
function timeByParty({ rows, pauses, template, now }: ProgressFacts): WorkflowProgress['timeByParty'] {
  const time = { client: 0, expert: 0, admin: 0 };
  for (const row of rows) {
    if (row.state === 'skipped') continue;
    const end = (isOpen(row) ? now : (row.completedAt ?? row.enteredAt)).getTime();
    const stepPauses = pauses.filter((p) => p.stepId === row.id);
    const held = (role: Role, from: number, to: number) => {
      const paused = stepPauses.reduce((sum, p) => {
        const overlap = Math.min(to, (p.endedAt ?? now).getTime()) - Math.max(from, p.startedAt.getTime());
        return sum + Math.max(0, overlap);
      }, 0);
      time[role] += Math.max(0, to - from - paused);
    };
    const entered = row.enteredAt.getTime();
    const submitted = row.submittedAt?.getTime();
    if (submitted !== undefined && row.state !== 'active') {
      const validator = template.steps.find((s) => s.key === row.stepKey)?.validation ?? 'admin';
      held(row.actingRole, entered, submitted);
      held(validator, submitted, end);
    } else {
      held(row.actingRole, entered, end);
    }
  }
  return time;
}

function timeline({ rows, pauses, signatures, template }: ProgressFacts): Timeline {
  const names = new Map(template.steps.map((s) => [s.key, s.name]));
  const keyOf = new Map(rows.map((r) => [r.id, r.stepKey]));
  const events: Timeline = [];
  const add = (
    event: Timeline[number]['event'],
    stepKey: string,
    at: Date,
    actor: Person | null,
    note: string | null,
  ) =>
    events.push({
      event,
      stepKey,
      stepName: names.get(stepKey) ?? { fr: stepKey, en: stepKey },
      actor,
      note,
      at: at.toISOString(),
    });
  for (const row of rows) {
    const completer = person(row.completedBy, row.completedByName, row.completedByRole);
    const closedAt = row.completedAt ?? row.enteredAt;
    if (row.state === 'skipped') {
      add('skipped', row.stepKey, closedAt, completer, row.note);
      continue;
    }
    add('entered', row.stepKey, row.enteredAt, null, null);
    const submitter = person(row.submittedBy, row.submittedByName, row.submittedByRole);
    if (row.submittedAt) add('submitted', row.stepKey, row.submittedAt, submitter, null);
    // A step sent back is active again, its last submission kept with the validator's reason.
    if (row.state === 'active' && row.submittedAt && row.note) {
      add('sent_back', row.stepKey, row.submittedAt, null, row.note);
    }
    if (row.state === 'completed') add('completed', row.stepKey, closedAt, completer, row.note);
    if (row.state === 'abandoned') {
      add(row.note === 'migrated' ? 'migrated' : 'abandoned', row.stepKey, closedAt, completer, row.note);
    }
  }
  for (const pause of pauses) {
    const key = keyOf.get(pause.stepId)!;
    add('paused', key, pause.startedAt, null, pause.reason);
    if (pause.endedAt) add('resumed', key, pause.endedAt, null, pause.reason);
  }
  for (const g of signatures) {
    add('signed', keyOf.get(g.stepId)!, g.signedAt, person(g.signerId, g.signerName, g.signerRole), null);
  }
  // Stable: events at the same instant keep the order they were added in (entered before completed).
  return events.sort((a, b) => a.at.localeCompare(b.at));
}

function banners({ documents, now }: ProgressFacts, open: StepRow | null): WorkflowProgress['banners'] {
  const list: WorkflowProgress['banners'] = [];
  if (open?.dueAt && open.dueAt <= now) {
    list.push({ kind: 'sla_breached', count: null, since: iso(open.dueAt), dueAt: iso(open.dueAt) });
  } else if (open?.warnAt && open.warnAt <= now) {
    list.push({ kind: 'sla_approaching', count: null, since: iso(open.warnAt), dueAt: iso(open.dueAt) });
  }
  if (open?.pausedSince) {
    list.push({ kind: 'paused', count: null, since: iso(open.pausedSince), dueAt: null });
  }
  const requests = documents?.openRequests;
  if (requests) {
    list.push({
      kind: 'documents_awaited',
      count: requests.count,
      since: iso(requests.since),
      dueAt: iso(requests.dueAt),
    });
  }
  return list;
}
