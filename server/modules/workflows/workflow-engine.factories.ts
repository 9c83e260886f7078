import { expect } from 'vitest';
import { type DossierStatus, mainPath } from '../../../common/dossier-lifecycle.ts';
import type { WorkflowStepInput } from '../../../common/workflows.ts';
import { createDossier, registerClient, type Session, walk } from '../../../tests/support/factories.ts';
import type { TestApp } from '../../../tests/support/test-app.ts';
import { pdfFile, uploaded } from '../documents/documents.factories.ts';
import { haulier } from '../products/products.factories.ts';

const text = (fr: string) => ({ fr, en: fr });

/**
 * The engine tests' template (a new TICPE version): one step per status but where a test needs more — a condition on
 * the simulation's answers in `draft`, a reminder, the engagement letter's signature, documents validated by the
 * expert, a condition on the audited amount in `audit_proposed`.
 */
export const engineTemplate: WorkflowStepInput[] = [
  { key: 'confirm', name: text('Confirmer'), role: 'client', status: 'draft' },
  {
    key: 'small_fleet',
    name: text('Petite flotte'),
    role: 'client',
    status: 'draft',
    skipIf: { op: 'gt', args: [{ var: 'heavyVehicles' }, 10] },
  },
  {
    key: 'gather',
    name: text('Rassembler'),
    role: 'client',
    status: 'pre_eligibility_pending',
    actions: [{ type: 'create_reminder', role: 'client', afterDays: 3, message: text('Vos pièces') }],
  },
  {
    key: 'review',
    name: text('Revue'),
    role: 'admin',
    status: 'pre_eligibility_review',
    sla: { amount: 12, unit: 'business_hours' },
  },
  { key: 'choose_expert', name: text('Choisir'), role: 'client', status: 'eligible' },
  { key: 'expert_answer', name: text('Réponse'), role: 'expert', status: 'expert_pending' },
  { key: 'letter_upload', name: text('Lettre'), role: 'expert', status: 'expert_assigned' },
  {
    key: 'letter_signature',
    name: text('Signature'),
    role: 'client',
    status: 'expert_assigned',
    signature: { documentCategory: 'engagement_letter' },
  },
  {
    key: 'documents',
    name: text('Pièces'),
    role: 'client',
    status: 'documents_pending',
    requiredDocuments: ['kbis'],
    validation: 'expert',
    actions: [{ type: 'request_documents', categories: ['kbis', 'fuel_invoices'], dueInDays: 14 }],
  },
  { key: 'audit', name: text('Audit'), role: 'expert', status: 'audit_in_progress' },
  {
    key: 'large_claim',
    name: text('Gros montant'),
    role: 'client',
    status: 'audit_proposed',
    skipIf: { op: 'lt', args: [{ var: 'auditedCents' }, 5_000_000] },
  },
  { key: 'acceptance', name: text('Acceptation'), role: 'client', status: 'audit_proposed' },
  { key: 'filing', name: text('Dépôt'), role: 'expert', status: 'submitted' },
  { key: 'decision', name: text('Décision'), role: 'expert', status: 'submitted' },
  { key: 'refund', name: text('Remboursement'), role: 'expert', status: 'administration_decided' },
  { key: 'closing', name: text('Clôture'), role: 'expert', status: 'refunded' },
];

/** Writes `steps` as the product's next template version; its number. */
export async function writeTemplate(
  t: TestApp,
  admin: Session,
  steps = engineTemplate,
  productCode = 'TICPE',
) {
  const res = await t.request('POST', `/api/workflow-templates/${productCode}/versions`, {
    token: admin.token,
    body: { steps },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.version as number;
}

/** The dossier's step rows in the order it lived them. */
export const stepRows = (t: TestApp, dossierId: string) =>
  t.db
    .selectFrom('dossierSteps')
    .selectAll()
    .where('dossierId', '=', dossierId)
    .orderBy('enteredAt')
    .orderBy('id')
    .execute();

/** The dossier's open step (its workflow's current one). */
export async function openStep(t: TestApp, dossierId: string) {
  const row = await t.db
    .selectFrom('dossierWorkflows as w')
    .innerJoin('dossierSteps as s', 's.id', 'w.currentStepId')
    .selectAll('s')
    .where('w.dossierId', '=', dossierId)
    .executeTakeFirst();
  return row ?? null;
}

export const dossierStatus = async (t: TestApp, dossierId: string) =>
  (await t.db.selectFrom('dossiers').select('status').where('id', '=', dossierId).executeTakeFirstOrThrow())
    .status;

export const completeStep = (
  t: TestApp,
  who: Session,
  dossierId: string,
  stepId: string,
  body: Record<string, unknown> = {},
) =>
  t.request('POST', `/api/dossiers/${dossierId}/workflow/steps/${stepId}/complete`, {
    token: who.token,
    body,
  });

export const validateStep = (
  t: TestApp,
  who: Session,
  dossierId: string,
  stepId: string,
  body: Record<string, unknown>,
) =>
  t.request('POST', `/api/dossiers/${dossierId}/workflow/steps/${stepId}/validation`, {
    token: who.token,
    body,
  });

/** Completes the dossier's open step as `who` (answered 200); the completed step's key. */
export async function completeOpen(
  t: TestApp,
  who: Session,
  dossierId: string,
  body: Record<string, unknown> = {},
) {
  const open = await openStep(t, dossierId);
  expect(open, 'an open step').not.toBeNull();
  const res = await completeStep(t, who, dossierId, open!.id, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return open!.stepKey;
}

/** The expert uploads the engagement letter and the client signs it (the signature step must be open). */
export async function signLetter(t: TestApp, expert: Session, client: Session, dossierId: string) {
  await uploaded(t, expert, dossierId, pdfFile(), 'lettre-de-mission.pdf', { category: 'engagement_letter' });
  const open = await openStep(t, dossierId);
  const res = await t.request('POST', `/api/dossiers/${dossierId}/workflow/steps/${open!.id}/signature`, {
    token: client.token,
    body: { signerName: 'Claire Dupont', accept: true },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

/** The client uploads a document of `category` and the expert approves it. */
export async function approvedDocument(
  t: TestApp,
  client: Session,
  expert: Session,
  dossierId: string,
  category: string,
) {
  const document = await uploaded(t, client, dossierId, undefined, 'piece.txt', { category });
  const res = await t.request(
    'POST',
    `/api/documents/${document.id}/versions/${document.currentVersion.id}/review`,
    { token: expert.token, body: { decision: 'approved' } },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

export type EngineCast = { admin: Session; expert: Session };
export type EngineDossier = EngineCast & { client: Session; dossierId: string };

/** A new client's draft dossier; `fromSimulation`: opened from a haulier's simulation (its answers count). */
export async function engineDossier(
  t: TestApp,
  cast: EngineCast,
  fromSimulation = false,
): Promise<EngineDossier> {
  const client = await registerClient(t);
  if (!fromSimulation) return { ...cast, client, dossierId: (await createDossier(t, client)).id };
  const simulation = await t.request('POST', '/api/simulations', { body: { answers: haulier } });
  const res = await t.request('POST', `/api/simulations/${simulation.body.id}/dossiers`, {
    token: client.token,
    body: { productCodes: ['TICPE'] },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { ...cast, client, dossierId: res.body.items[0].id };
}

/** What completing a step of the engine template needs beyond the acting party: the edge's amount. */
const completionBody: Record<string, Record<string, unknown>> = {
  audit: { amountCents: 1_000_000 },
  decision: { amountCents: 900_000 },
  refund: { amountCents: 850_000 },
};

/** Does the open step's work the way its people would (the expert chosen by an admin's assignment). */
async function act(t: TestApp, d: EngineDossier, open: { id: string; stepKey: string; actingRole: string }) {
  const { admin, expert, client, dossierId } = d;
  if (open.stepKey === 'choose_expert') {
    const res = await t.request('POST', `/api/admin/dossiers/${dossierId}/assign`, {
      token: admin.token,
      body: { expertId: expert.user.id },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return;
  }
  if (open.stepKey === 'letter_signature') await signLetter(t, expert, client, dossierId);
  if (open.stepKey === 'documents') {
    await approvedDocument(t, client, expert, dossierId, 'kbis');
    await completeOpen(t, client, dossierId);
    const res = await validateStep(t, expert, dossierId, open.id, { decision: 'approve' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return;
  }
  const who = { client, expert, admin }[open.actingRole as 'client' | 'expert' | 'admin'];
  await completeOpen(t, who, dossierId, completionBody[open.stepKey]);
}

/** Walks the dossier through its steps until the step `key` is open; that step's row. */
export async function advanceTo(t: TestApp, d: EngineDossier, key: string) {
  for (;;) {
    const open = await openStep(t, d.dossierId);
    if (!open) throw new Error(`The workflow ended before the step ${key}`);
    if (open.stepKey === key) return open;
    await act(t, d, open);
  }
}

export type People = { admin: Session; client: Session; expert: Session };

/** The steps of the template the dossier runs. */
async function templateStepsOf(t: TestApp, dossierId: string) {
  const row = await t.db
    .selectFrom('dossierWorkflows as w')
    .innerJoin('workflowTemplates as v', 'v.id', 'w.templateId')
    .select('v.steps')
    .where('w.dossierId', '=', dossierId)
    .executeTakeFirstOrThrow();
  return row.steps;
}

/**
 * Does the workflow work of the dossier's current status, as its people would (steps completed, the letter signed,
 * the documents approved), up to its last step: the bare transition its actor takes next then passes the guards.
 */
export async function readyToLeave(t: TestApp, people: People, dossierId: string) {
  for (;;) {
    const open = await openStep(t, dossierId);
    if (!open) return;
    const steps = await templateStepsOf(t, dossierId);
    const step = steps[open.position]!;
    if (step.signature) await signLetter(t, people.expert, people.client, dossierId);
    for (const category of step.requiredDocuments) {
      await approvedDocument(t, people.client, people.expert, dossierId, category);
    }
    if (!steps.slice(open.position + 1).some((s) => s.status === step.status)) return;
    await completeOpen(t, people[step.role], dossierId);
  }
}

/** `walk`, each forward transition preceded by the workflow work of the status it leaves (`readyToLeave`). */
export async function walkWorkflow(
  t: TestApp,
  people: People,
  dossierId: string,
  steps: readonly (readonly [Session, { to: DossierStatus } & Record<string, unknown>])[],
) {
  for (const [who, body] of steps) {
    const from = (await dossierStatus(t, dossierId)) as DossierStatus;
    if (mainPath.indexOf(body.to) > mainPath.indexOf(from)) await readyToLeave(t, people, dossierId);
    await walk(t, dossierId, [[who, body]]);
  }
}
