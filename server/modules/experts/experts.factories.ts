import { expect } from 'vitest';
import {
  approvedExpert,
  createAdmin,
  registerExpert,
  type Session,
} from '../../../tests/support/factories.ts';
import { appWith, forwardTo, type TestApp } from '../../../tests/support/test-app.ts';
import { eligibleDossier } from '../dossiers/dossiers.factories.ts';
import { walkWorkflow } from '../workflows/workflow-engine.factories.ts';

/**
 * The app of an experts test file and the people its tests share, made before them: an admin and two approved
 * experts, Eva Lambert (`expert`) and Otto Durand (`otherExpert`). Each is usable from the file's top level.
 */
export function expertsTestApp() {
  const { t, cast } = appWith(async (t) => {
    const admin = await createAdmin(t);
    const expert = await approvedExpert(t, admin, { firstName: 'Eva', lastName: 'Lambert' });
    const otherExpert = await approvedExpert(t, admin, { firstName: 'Otto', lastName: 'Durand' });
    return { admin, expert, otherExpert };
  });
  return {
    t,
    admin: forwardTo(() => cast.admin),
    expert: forwardTo(() => cast.expert),
    otherExpert: forwardTo(() => cast.otherExpert),
  };
}

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

/** Inès Douane, a listed TICPE expert of Rennes whom a search for `douane` finds. */
export const douaneExpert = (t: TestApp, admin: Session) =>
  listedExpert(
    t,
    admin,
    {
      firstName: 'Inès',
      lastName: 'Douane',
      specialties: ['TICPE'],
      regions: ['bretagne'],
      languages: ['fr'],
    },
    { headline: 'Remboursements de douane', city: 'Rennes' },
  );

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
  await walkWorkflow(t, { admin, client, expert }, dossierId, [
    [client, { to: 'documents_pending' }],
    [expert, { to: 'audit_in_progress' }],
    [client, { to: 'cancelled', reason: 'Projet abandonné' }],
  ]);
  return { client, dossierId };
}

/** A new client's dossier that `expert` took on, walked through the audit (amounts in cents) to the refund and closed. */
export async function refundedDossier(
  t: TestApp,
  admin: Session,
  expert: Session,
  cents: { proposed: number; decided: number; refunded: number },
) {
  const { client, dossierId } = await eligibleDossier(t, admin);
  await assignThroughRequest(t, client, dossierId, expert);
  await walkWorkflow(t, { admin, client, expert }, dossierId, [
    [client, { to: 'documents_pending' }],
    [expert, { to: 'audit_in_progress' }],
    [expert, { to: 'audit_proposed', amountCents: cents.proposed }],
    [client, { to: 'submitted' }],
    [expert, { to: 'administration_decided', amountCents: cents.decided }],
    [expert, { to: 'refunded', amountCents: cents.refunded }],
    [expert, { to: 'closed' }],
  ]);
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

/**
 * The marketplace the search tests read: four listed experts (Sophie, Marc, Julie and Karim, fully booked) with
 * reviews, response times and one verified, and two experts search never shows (one pending approval, one
 * suspended). `search` calls the API and adds the first names of the page, in order.
 */
export async function searchMarketplace(t: TestApp) {
  const names = new Map<string, string>();
  const admin = await createAdmin(t);
  const sophie = await listedExpert(
    t,
    admin,
    {
      firstName: 'Sophie',
      lastName: 'Bernard',
      specialties: ['TICPE'],
      regions: ['auvergne-rhone-alpes'],
      languages: ['fr', 'en'],
    },
    {
      headline: 'Expert-comptable spécialisée TICPE',
      bio: 'Accompagne les transporteurs routiers depuis douze ans.',
      city: 'Lyon',
      department: '69',
      fee: { model: 'commission', commissionPercent: 25 },
      yearsExperience: 12,
      yearsByProduct: { TICPE: 12 },
      capacity: 5,
      certifications: ['Ordre des experts-comptables'],
    },
  );
  const marc = await listedExpert(
    t,
    admin,
    {
      firstName: 'Marc',
      lastName: 'Petit',
      specialties: ['URSSAF', 'DFS'],
      regions: ['ile-de-france'],
      languages: ['fr'],
    },
    {
      headline: 'Avocat fiscaliste',
      bio: 'Contentieux des cotisations sociales, interventions à Paris et Lyon.',
      city: 'Paris',
      department: '75',
      fee: { model: 'commission', commissionPercent: 30 },
      yearsExperience: 20,
      capacity: 8,
    },
  );
  const julie = await listedExpert(
    t,
    admin,
    {
      firstName: 'Julie',
      lastName: 'Roux',
      specialties: ['ENERGIE', 'CEE'],
      regions: ['auvergne-rhone-alpes', 'bourgogne-franche-comte'],
      languages: ['fr', 'de'],
    },
    {
      headline: 'Consultante en énergie',
      bio: 'Achats d’électricité et de gaz pour les industriels.',
      city: 'Lyon',
      department: '69',
      fee: { model: 'day_rate', dayRateCents: 80_000 },
      yearsExperience: 5,
      capacity: 3,
    },
  );
  const karim = await listedExpert(
    t,
    admin,
    {
      firstName: 'Karim',
      lastName: 'Haddad',
      specialties: ['TICPE', 'MSA'],
      regions: ['provence-alpes-cote-d-azur'],
      languages: ['fr', 'ar'],
    },
    {
      headline: 'Spécialiste douanes et accises',
      city: 'Marseille',
      department: '13',
      fee: { model: 'commission', commissionPercent: 20 },
      yearsExperience: 8,
      capacity: 2,
    },
  );
  // Not on the marketplace: one pending approval, one suspended.
  await registerExpert(t, { firstName: 'Paul', lastName: 'Attente' });
  const suspended = await approvedExpert(t, admin, { firstName: 'Sam', lastName: 'Suspendu' });
  const suspend = await t.request('POST', `/api/admin/users/${suspended.user.id}/suspend`, {
    token: admin.token,
    body: { reason: 'Assurance expirée' },
  });
  expect(suspend.status).toBe(200);

  for (const s of [sophie, marc, julie, karim]) names.set(s.user.id, s.user.firstName);
  // Sophie: 3 reviews averaging 4.67; Marc: a single 5; Karim: a single 2; Julie: none.
  await reviewsFor(t, admin, sophie, [5, 5, 4]);
  await reviewsFor(t, admin, marc, [5], 'URSSAF');
  await reviewsFor(t, admin, karim, [2]);
  // Response times come from messaging; set here as that module would.
  for (const [s, minutes] of [
    [sophie, 45],
    [julie, 90],
    [marc, 300],
  ] as const) {
    await t.db
      .updateTable('expertProfiles')
      .set({ medianResponseMinutes: minutes })
      .where('userId', '=', s.user.id)
      .execute();
  }
  // Karim is fully booked.
  const full = await t.request('PATCH', '/api/experts/me', { token: karim.token, body: { capacity: 0 } });
  expect(full.status).toBe(200);
  const verify = await t.request('POST', `/api/admin/experts/${sophie.user.id}/verify`, {
    token: admin.token,
  });
  expect(verify.status).toBe(200);
  expect(verify.body.verified).toBe(true);

  /** The first names of a result page, in order: what the assertions read. */
  async function search(query: string, token?: string) {
    const res = await t.request('GET', `/api/experts${query}`, { token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return { ...res.body, names: res.body.items.map((e: { id: string }) => names.get(e.id) ?? e.id) };
  }
  return { admin, sophie, marc, julie, karim, suspended, names, search };
}

export type SearchMarketplace = Awaited<ReturnType<typeof searchMarketplace>>;
