import { isDocumentCategory } from '../../../common/document-categories.ts';
import {
  closingStatuses,
  type DossierStatus,
  findTransition,
  mainPath,
} from '../../../common/dossier-lifecycle.ts';
import { statusesWithSteps, type WorkflowStep, type workflowErrorCodes } from '../../../common/workflows.ts';
import { unprocessable } from '../../platform/errors.ts';
import type { TemplateProduct } from './default-templates.ts';

type WorkflowErrorCode = (typeof workflowErrorCodes)[number];

/** Why a template cannot be completed: the code, a French message and the step at fault. */
export type TemplateProblem = {
  code: WorkflowErrorCode;
  message: string;
  details: { step: string | null; status?: DossierStatus; category?: string };
};

type Check = (steps: WorkflowStep[], product: TemplateProduct) => TemplateProblem | null;

const problem = (
  code: WorkflowErrorCode,
  message: string,
  step: string | null,
  extra: Omit<TemplateProblem['details'], 'step'> = {},
): TemplateProblem => ({ code, message, details: { step, ...extra } });

const duplicateKeys: Check = (steps) => {
  const seen = new Set<string>();
  for (const s of steps) {
    if (seen.has(s.key))
      return problem('WORKFLOW_DUPLICATE_STEP', `L’étape « ${s.key} » apparaît deux fois`, s.key);
    seen.add(s.key);
  }
  return null;
};

/** Statuses never go back along the steps, and no step waits in a status that ends the dossier. */
const noLoop: Check = (steps) => {
  let previous = -1;
  for (const s of steps) {
    if (closingStatuses.includes(s.status)) {
      return problem('WORKFLOW_LOOP', `L’étape « ${s.key} » appartient à un statut de clôture`, s.key, {
        status: s.status,
      });
    }
    const index = mainPath.indexOf(s.status);
    if (index < previous) {
      return problem(
        'WORKFLOW_LOOP',
        `L’étape « ${s.key} » revient à un statut antérieur (${s.status})`,
        s.key,
        { status: s.status },
      );
    }
    previous = index;
  }
  return null;
};

const stepCategories = (s: WorkflowStep): string[] => [
  ...s.requiredDocuments,
  ...(s.signature ? [s.signature.documentCategory] : []),
  ...s.actions.flatMap((a) => (a.type === 'request_documents' ? a.categories : [])),
];

const knownCategories: Check = (steps) => {
  for (const s of steps) {
    const unknown = stepCategories(s).find((c) => !isDocumentCategory(c));
    if (unknown !== undefined) {
      return problem(
        'WORKFLOW_UNKNOWN_CATEGORY',
        `L’étape « ${s.key} » exige une catégorie de document inconnue : ${unknown}`,
        s.key,
        { category: unknown },
      );
    }
  }
  return null;
};

/** Where each action makes sense: assignment while the dossier waits for an expert, documents the product asks. */
const sensibleActions: Check = (steps, product) => {
  const requestable = new Set([...product.documentCategories, 'other']);
  for (const s of steps) {
    for (const action of s.actions) {
      if (action.type === 'assign_expert' && s.status !== 'eligible') {
        return problem(
          'WORKFLOW_INVALID_ACTION',
          `L’affectation d’un expert n’a de sens qu’au statut « eligible » (étape « ${s.key} »)`,
          s.key,
          { status: s.status },
        );
      }
      const outside =
        action.type === 'request_documents' ? action.categories.find((c) => !requestable.has(c)) : undefined;
      if (outside !== undefined) {
        return problem(
          'WORKFLOW_INVALID_ACTION',
          `L’étape « ${s.key} » demande une catégorie que le produit ne prévoit pas : ${outside}`,
          s.key,
          { category: outside },
        );
      }
    }
  }
  return null;
};

/**
 * Every status a dossier waits in has a step that no condition can skip: the engine only moves a dossier along a
 * lifecycle edge to the next status of the main path, so a status whose steps were all skipped would strand it.
 */
const everyStatusCovered: Check = (steps) => {
  for (const status of statusesWithSteps) {
    const own = steps.filter((s) => s.status === status);
    if (own.some((s) => s.skipIf === undefined)) continue;
    const message =
      own.length === 0
        ? `Aucune étape pour le statut « ${status} »`
        : `Toutes les étapes du statut « ${status} » peuvent être sautées : au moins une doit être sans condition`;
    return problem('WORKFLOW_STATUS_UNCOVERED', message, own[0]?.key ?? null, { status });
  }
  return null;
};

/** Who completes a step in the end: its validator when it has one, else its acting role. */
const completer = (s: WorkflowStep) => s.validation ?? s.role;

/**
 * The step that ends a status takes the lifecycle edge to the next one, so its completer must be allowed on that
 * edge. With conditions, any step after the status's last unconditional one may be the last: each is checked.
 */
const lastStepsMayLeave: Check = (steps) => {
  for (const status of statusesWithSteps) {
    const own = steps.filter((s) => s.status === status);
    const lastFixed = own.findLastIndex((s) => s.skipIf === undefined);
    const next = mainPath[mainPath.indexOf(status) + 1] as DossierStatus;
    const edge = findTransition(status, next);
    for (const s of own.slice(Math.max(lastFixed, 0))) {
      const role = completer(s);
      if (role !== 'admin' && !edge?.by.includes(role)) {
        return problem(
          'WORKFLOW_ROLE_MISMATCH',
          `L’étape « ${s.key} » termine le statut « ${status} » mais le rôle « ${role} » ne peut pas passer à « ${next} »`,
          s.key,
          { status },
        );
      }
    }
  }
  return null;
};

/** Only the client signs (the expert's engagement letter). */
const clientSigns: Check = (steps) => {
  const s = steps.find((step) => step.signature !== null && step.role !== 'client');
  return s
    ? problem(
        'WORKFLOW_ROLE_MISMATCH',
        `L’étape de signature « ${s.key} » doit être faite par le client`,
        s.key,
      )
    : null;
};

const checks: Check[] = [
  duplicateKeys,
  noLoop,
  knownCategories,
  sensibleActions,
  clientSigns,
  everyStatusCovered,
  lastStepsMayLeave,
];

/** The first reason the template cannot be completed by a dossier of the product, or null when it can. */
export function templateProblem(steps: WorkflowStep[], product: TemplateProduct): TemplateProblem | null {
  for (const check of checks) {
    const found = check(steps, product);
    if (found) return found;
  }
  return null;
}

/** Refuses (422, the problem's code, `details.step`) a template that cannot be completed. */
export function assertCompletable(steps: WorkflowStep[], product: TemplateProduct): void {
  const found = templateProblem(steps, product);
  if (found) throw unprocessable(found.code, found.message, found.details);
}
