import { expect } from 'vitest';
import {
  approvedExpert,
  createAdmin,
  createDossier,
  registerClient,
  registerExpert,
  type Session,
  walk,
} from '../../../tests/support/factories.ts';
import type { TestApp } from '../../../tests/support/test-app.ts';

export type DossierCast = {
  admin: Session;
  clientA: Session;
  clientB: Session;
  expert: Session;
  otherExpert: Session;
  pendingExpert: Session;
};

/** The people of the dossier tests: an admin, two clients, two approved experts and one awaiting approval. */
export async function dossierCast(t: TestApp): Promise<DossierCast> {
  const admin = await createAdmin(t);
  const [clientA, clientB] = await Promise.all([registerClient(t), registerClient(t)]);
  const expert = await approvedExpert(t, admin);
  const otherExpert = await approvedExpert(t, admin);
  const pendingExpert = await registerExpert(t);
  return { admin, clientA, clientB, expert, otherExpert, pendingExpert };
}

/** A draft dossier of a new client company (a company has one open dossier per product). */
export async function newDossier(t: TestApp, productCode = 'TICPE') {
  const client = await registerClient(t);
  return { client, d: await createDossier(t, client, productCode) };
}

/** A new client's dossier, submitted for the admin's eligibility review. */
export async function inEligibilityReview(t: TestApp, productCode = 'TICPE') {
  const { client, d } = await newDossier(t, productCode);
  await walk(t, d.id, [
    [client, { to: 'pre_eligibility_pending' }],
    [client, { to: 'pre_eligibility_review' }],
  ]);
  return { client, d };
}

/** A new client company's dossier that `admin` found eligible. */
export async function eligibleDossier(t: TestApp, admin: Session, productCode = 'TICPE') {
  const { client, d } = await inEligibilityReview(t, productCode);
  await walk(t, d.id, [[admin, { to: 'eligible' }]]);
  return { client, dossierId: d.id };
}

/** Walks a new dossier to `eligible`, then has `admin` assign `expert`. */
export async function assignedDossier(t: TestApp, admin: Session, expert: Session) {
  const { client, dossierId } = await eligibleDossier(t, admin);
  const assign = await t.request('POST', `/api/admin/dossiers/${dossierId}/assign`, {
    token: admin.token,
    body: { expertId: expert.user.id },
  });
  expect(assign.status).toBe(200);
  return { client, d: { id: dossierId } };
}

/** A dossier, its people and two outsiders: the cast of access tests. */
export type ProposedDossier = {
  admin: Session;
  client: Session;
  expert: Session;
  /** A client of another company. */
  outsider: Session;
  /** An approved expert not on the dossier. */
  otherExpert: Session;
  dossierId: string;
};

/** An eligible dossier an admin proposed to `expert` (expert_pending), with a client and an expert from outside it. */
export async function proposedDossier(t: TestApp): Promise<ProposedDossier> {
  const admin = await createAdmin(t);
  const [{ client, dossierId }, outsider, expert, otherExpert] = await Promise.all([
    eligibleDossier(t, admin),
    registerClient(t),
    approvedExpert(t, admin),
    approvedExpert(t, admin),
  ]);
  await walk(t, dossierId, [[admin, { to: 'expert_pending', expertId: expert.user.id }]]);
  return { admin, client, expert, outsider, otherExpert, dossierId };
}
