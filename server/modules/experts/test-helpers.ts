import { expect } from 'vitest';
import {
  approvedExpert,
  createDossier,
  registerClient,
  type Session,
  transition,
} from '../../../tests/support/factories.ts';
import type { TestApp } from '../../../tests/support/test-app.ts';

/** An approved expert whose profile was then completed through PATCH /api/experts/me. */
export async function listedExpert(
  t: TestApp,
  admin: Session,
  identity: {
    firstName: string;
    lastName: string;
    specialties: string[];
    regions: string[];
    languages: string[];
  },
  profile: Record<string, unknown>,
): Promise<Session> {
  const expert = await approvedExpert(t, admin, {
    firstName: identity.firstName,
    lastName: identity.lastName,
    expert: {
      specialties: identity.specialties,
      regions: identity.regions,
      languages: identity.languages,
      bio: (profile.bio as string | undefined) ?? '',
    },
  });
  const res = await t.request('PATCH', '/api/experts/me', { token: expert.token, body: profile });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return expert;
}

/** A new client company's dossier walked to `eligible`. */
export async function eligibleDossier(
  t: TestApp,
  admin: Session,
  productCode = 'TICPE',
  clientOverrides: Record<string, unknown> = {},
) {
  const client = await registerClient(t, clientOverrides);
  const d = await createDossier(t, client, productCode);
  for (const [who, body] of [
    [client, { to: 'pre_eligibility_pending' }],
    [client, { to: 'pre_eligibility_review' }],
    [admin, { to: 'eligible' }],
  ] as const) {
    const res = await transition(t, who, d.id, body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  return { client, dossierId: d.id };
}

/** The client asks the expert through an expert request (the one way a client chooses), which stays pending. */
export async function requestExpert(t: TestApp, client: Session, dossierId: string, expert: Session) {
  const res = await t.request('POST', `/api/dossiers/${dossierId}/expert-requests`, {
    token: client.token,
    body: { expertId: expert.user.id },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string };
}

/** The client's expert request, accepted by the expert: the dossier is `expert_assigned`. */
export async function assignThroughRequest(t: TestApp, client: Session, dossierId: string, expert: Session) {
  const request = await requestExpert(t, client, dossierId, expert);
  const res = await t.request('POST', `/api/expert-requests/${request.id}/accept`, { token: expert.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** A dossier the expert took on and audited, then closed (cancelled by the client, a closing status): reviewable. */
export async function closedDossierWith(t: TestApp, admin: Session, expert: Session, productCode = 'TICPE') {
  const { client, dossierId } = await eligibleDossier(t, admin, productCode);
  await assignThroughRequest(t, client, dossierId, expert);
  for (const [who, body] of [
    [client, { to: 'documents_pending' }],
    [expert, { to: 'audit_in_progress' }],
    [client, { to: 'cancelled', reason: 'Projet abandonné' }],
  ] as const) {
    const res = await transition(t, who, dossierId, body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  return { client, dossierId };
}

export async function postReview(
  t: TestApp,
  client: Session,
  expertId: string,
  dossierId: string,
  rating: number,
  sub: { communication?: number; expertise?: number; speed?: number; text?: string } = {},
) {
  return t.request('POST', `/api/experts/${expertId}/reviews`, {
    token: client.token,
    body: {
      dossierId,
      rating,
      communication: sub.communication ?? rating,
      expertise: sub.expertise ?? rating,
      speed: sub.speed ?? rating,
      text: sub.text ?? `Avis ${rating} étoiles`,
    },
  });
}

/** Gives an expert reviews with these overall ratings, each from its own closed dossier. */
export async function reviewsFor(
  t: TestApp,
  admin: Session,
  expert: Session,
  ratings: number[],
  product = 'TICPE',
) {
  for (const rating of ratings) {
    const { client, dossierId } = await closedDossierWith(t, admin, expert, product);
    const res = await postReview(t, client, expert.user.id, dossierId, rating);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
}
