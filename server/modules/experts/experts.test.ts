import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, registerClient, type Session, transition } from '../../../tests/support/factories.ts';
import { startTestApp, type TestApp } from '../../../tests/support/test-app.ts';
import { eligibleDossier } from '../dossiers/dossiers.factories.ts';
import { listedExpert, refundedDossier, reviewsFor } from './experts.factories.ts';

let t: TestApp;
let admin: Session;
let lea: Session;
let hugo: Session;
let ines: Session;
let nora: Session;
let full: Session;
const names = new Map<string, string>();

beforeAll(async () => {
  t = await startTestApp();
  admin = await createAdmin(t);
  const expert = (
    firstName: string,
    specialties: string[],
    regions: string[],
    languages: string[],
    profile: Record<string, unknown>,
  ) => listedExpert(t, admin, { firstName, lastName: 'Expert', specialties, regions, languages }, profile);
  lea = await expert('Léa', ['TICPE'], ['auvergne-rhone-alpes'], ['fr'], {
    yearsByProduct: { TICPE: 8 },
    yearsExperience: 10,
    capacity: 4,
    city: 'Lyon',
  });
  hugo = await expert('Hugo', ['TICPE', 'URSSAF'], ['ile-de-france'], ['fr', 'en'], {
    yearsByProduct: { TICPE: 15 },
    yearsExperience: 15,
    capacity: 10,
  });
  ines = await expert('Inès', ['TICPE'], ['auvergne-rhone-alpes', 'occitanie'], ['fr', 'en'], {
    yearsByProduct: { TICPE: 2 },
    capacity: 2,
  });
  // Handles another product only, and one with no capacity left: never recommended for a TICPE dossier.
  nora = await expert('Nora', ['URSSAF'], ['auvergne-rhone-alpes'], ['fr'], {
    yearsByProduct: { URSSAF: 20 },
  });
  full = await expert('Fanny', ['TICPE'], ['auvergne-rhone-alpes'], ['fr'], {
    yearsByProduct: { TICPE: 20 },
    capacity: 0,
  });
  for (const s of [lea, hugo, ines, nora, full]) names.set(s.user.id, s.user.firstName);
  // Response times come from messaging; set here as that module would.
  await t.db
    .updateTable('expertProfiles')
    .set({ medianResponseMinutes: 95 })
    .where('userId', '=', lea.user.id)
    .execute();
  await t.db
    .updateTable('expertProfiles')
    .set({ medianResponseMinutes: 30 })
    .where('userId', '=', ines.user.id)
    .execute();
  // Inès has three good reviews on TICPE dossiers she closed (cancelled dossiers: no completed outcome).
  await reviewsFor(t, admin, ines, [5, 5, 4]);
}, 120_000);
afterAll(() => t.close());

async function recommended(client: Session, dossierId: string, extra = '') {
  const res = await t.request('GET', `/api/experts/recommended?dossierId=${dossierId}${extra}`, {
    token: client.token,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as { expert: { id: string }; score: number; reasons: string[] }[];
}

describe('recommendations', () => {
  it('ranks the experts of the dossier’s product by score, with French reasons, deterministically', async () => {
    // A client based in Auvergne-Rhône-Alpes (the factory's default region) with a TICPE dossier.
    const { client, dossierId } = await eligibleDossier(t, admin);
    const items = await recommended(client, dossierId);
    // Nora (URSSAF only) and Fanny (no capacity left) are left out.
    expect(items.map((i) => names.get(i.expert.id))).toEqual(['Léa', 'Inès', 'Hugo']);
    // Léa: 8 years 10.67 + region 20 + French 5 + rating 4.0 (no reviews) 15 + capacity 10 + < 2 h 8 = 68.67
    // Inès: 2 years 2.67 + region 20 + French 5 + rating (14 + 40) / 13 → 15.77 + capacity 10 + < 1 h 10 = 63.44
    // Hugo: 15 years 20 + French 5 + rating 15 + capacity 10 = 50
    expect(items.map((i) => i.score)).toEqual([68.67, 63.44, 50]);
    const [first, second, third] = items;
    expect(first!.reasons).toEqual([
      'Spécialiste TICPE depuis 8 ans',
      'Basé en Auvergne-Rhône-Alpes',
      'Répond en moins de 2 h',
      'Disponible : 4 places libres',
    ]);
    expect(second!.reasons).toEqual([
      'Spécialiste TICPE depuis 2 ans',
      'Basé en Auvergne-Rhône-Alpes',
      'Noté 4,7/5 sur 3 avis',
      'Répond en moins d’1 h',
      'Disponible : 2 places libres',
    ]);
    expect(third!.reasons).toEqual(['Spécialiste TICPE depuis 15 ans', 'Disponible : 10 places libres']);
    expect(await recommended(client, dossierId)).toEqual(items);
  });

  it('weighs the requested language', async () => {
    const { client, dossierId } = await eligibleDossier(t, admin);
    const items = await recommended(client, dossierId, '&language=en');
    const hugoItem = items.find((i) => i.expert.id === hugo.user.id)!;
    expect(hugoItem.reasons).toContain('Parle anglais');
    expect(items.find((i) => i.expert.id === lea.user.id)!.reasons).not.toContain('Parle anglais');
  });

  it('rewards past outcomes on the product', async () => {
    // Hugo completes a TICPE dossier: +0.5 for 1 completed, +5 for a 100 % success rate on TICPE.
    const { client: c0, dossierId: d0 } = await eligibleDossier(t, admin);
    const before = (await recommended(c0, d0)).find((i) => i.expert.id === hugo.user.id)!.score;
    await refundedDossier(t, admin, hugo, {
      proposed: 900_000,
      decided: 800_000,
      refunded: 800_000,
    });
    const after = (await recommended(c0, d0)).find((i) => i.expert.id === hugo.user.id)!;
    expect(after.score).toBeCloseTo(before + 5.5, 2);
    expect(after.reasons).toContain('1 dossier TICPE mené à terme');
  });

  it('only for the client’s own dossier (or an admin); experts cannot ask', async () => {
    const { dossierId } = await eligibleDossier(t, admin);
    const other = await registerClient(t);
    const res = await t.request('GET', `/api/experts/recommended?dossierId=${dossierId}`, {
      token: other.token,
    });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
    const asExpert = await t.request('GET', `/api/experts/recommended?dossierId=${dossierId}`, {
      token: lea.token,
    });
    expect(asExpert.status).toBe(403);
    const asAdmin = await t.request('GET', `/api/experts/recommended?dossierId=${dossierId}`, {
      token: admin.token,
    });
    expect(asAdmin.status).toBe(200);
    const anonymous = await t.request('GET', `/api/experts/recommended?dossierId=${dossierId}`);
    expect(anonymous.status).toBe(401);
    const invalid = await t.request('GET', '/api/experts/recommended?dossierId=nope', { token: other.token });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('VALIDATION_ERROR');
  });
});

describe('expert requests', () => {
  it('the client requests an expert; the expert accepts and the dossier is assigned', async () => {
    const published: string[] = [];
    const off = [
      t.app.services.events.subscribe('expert_request.created', (e) => {
        published.push(`created:${e.expertId}`);
      }),
      t.app.services.events.subscribe('expert_request.accepted', (e) => {
        published.push(`accepted:${e.expertId}`);
      }),
    ];
    const { client, dossierId } = await eligibleDossier(t, admin);
    const req = await t.request('POST', `/api/dossiers/${dossierId}/expert-requests`, {
      token: client.token,
      body: { expertId: lea.user.id, message: 'Bonjour, pouvez-vous prendre notre dossier ?' },
    });
    expect(req.status, JSON.stringify(req.body)).toBe(201);
    expect(req.body).toMatchObject({
      status: 'requested',
      dossier: { id: dossierId, productCode: 'TICPE', status: 'expert_pending' },
      expert: { id: lea.user.id },
      message: 'Bonjour, pouvez-vous prendre notre dossier ?',
    });

    // Both sides see it at once.
    const incoming = await t.request('GET', '/api/expert-requests?status=requested', { token: lea.token });
    expect(incoming.body.items.map((r: { id: string }) => r.id)).toContain(req.body.id);
    const outgoing = await t.request('GET', '/api/expert-requests', { token: client.token });
    expect(outgoing.body.items.map((r: { id: string }) => r.id)).toEqual([req.body.id]);
    const notHis = await t.request('GET', '/api/expert-requests', { token: hugo.token });
    expect(notHis.body.items.map((r: { id: string }) => r.id)).not.toContain(req.body.id);

    // A second request while one is pending: the dossier is no longer eligible.
    const second = await t.request('POST', `/api/dossiers/${dossierId}/expert-requests`, {
      token: client.token,
      body: { expertId: hugo.user.id },
    });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('INVALID_TRANSITION');

    // Another expert cannot answer it.
    expect(
      (await t.request('POST', `/api/expert-requests/${req.body.id}/accept`, { token: hugo.token })).status,
    ).toBe(404);
    const accept = await t.request('POST', `/api/expert-requests/${req.body.id}/accept`, {
      token: lea.token,
    });
    expect(accept.status, JSON.stringify(accept.body)).toBe(200);
    expect(accept.body.status).toBe('accepted');
    expect(accept.body.dossier.status).toBe('expert_assigned');
    const dossier = await t.request('GET', `/api/dossiers/${dossierId}`, { token: client.token });
    expect(dossier.body.status).toBe('expert_assigned');
    expect(dossier.body.expert.id).toBe(lea.user.id);
    expect(dossier.body.timeline.at(-1)).toMatchObject({
      fromStatus: 'expert_pending',
      toStatus: 'expert_assigned',
    });

    const again = await t.request('POST', `/api/expert-requests/${req.body.id}/accept`, { token: lea.token });
    expect(again.status).toBe(409);
    // The load counts the accepted dossier.
    const profile = await t.request('GET', `/api/experts/${lea.user.id}`);
    expect(profile.body.activeLoad).toBe(1);
    expect(published).toEqual([`created:${lea.user.id}`, `accepted:${lea.user.id}`]);
    for (const unsubscribe of off) unsubscribe();
  });

  it('the expert declines with a reason; the dossier is free again', async () => {
    const { client, dossierId } = await eligibleDossier(t, admin);
    const req = await t.request('POST', `/api/dossiers/${dossierId}/expert-requests`, {
      token: client.token,
      body: { expertId: hugo.user.id },
    });
    expect(req.status).toBe(201);
    const noReason = await t.request('POST', `/api/expert-requests/${req.body.id}/decline`, {
      token: hugo.token,
      body: {},
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.code).toBe('VALIDATION_ERROR');
    const decline = await t.request('POST', `/api/expert-requests/${req.body.id}/decline`, {
      token: hugo.token,
      body: { reason: 'Agenda complet ce trimestre' },
    });
    expect(decline.status, JSON.stringify(decline.body)).toBe(200);
    expect(decline.body).toMatchObject({ status: 'declined', reason: 'Agenda complet ce trimestre' });
    const dossier = await t.request('GET', `/api/dossiers/${dossierId}`, { token: client.token });
    expect(dossier.body.status).toBe('eligible');
    expect(dossier.body.expert).toBeNull();
    expect(dossier.body.timeline.at(-1).note).toBe('Agenda complet ce trimestre');
    // The client may now ask someone else.
    const next = await t.request('POST', `/api/dossiers/${dossierId}/expert-requests`, {
      token: client.token,
      body: { expertId: ines.user.id },
    });
    expect(next.status).toBe(201);
  });

  it('a request the client cancels with the dossier is cancelled too', async () => {
    const { client, dossierId } = await eligibleDossier(t, admin);
    const req = await t.request('POST', `/api/dossiers/${dossierId}/expert-requests`, {
      token: client.token,
      body: { expertId: hugo.user.id },
    });
    expect(
      (await transition(t, client, dossierId, { to: 'cancelled', reason: 'Finalement non' })).status,
    ).toBe(200);
    const list = await t.request('GET', '/api/expert-requests', { token: client.token });
    expect(list.body.items.find((r: { id: string }) => r.id === req.body.id).status).toBe('cancelled');
    const accept = await t.request('POST', `/api/expert-requests/${req.body.id}/accept`, {
      token: hugo.token,
    });
    expect(accept.status).toBe(409);
  });

  it('refuses an expert who does not handle the product or has no capacity, and other clients’ dossiers', async () => {
    const { client, dossierId } = await eligibleDossier(t, admin);
    const wrongProduct = await t.request('POST', `/api/dossiers/${dossierId}/expert-requests`, {
      token: client.token,
      body: { expertId: nora.user.id },
    });
    expect(wrongProduct.status).toBe(422);
    expect(wrongProduct.body.error.code).toBe('EXPERT_PRODUCT_NOT_COVERED');
    const noCapacity = await t.request('POST', `/api/dossiers/${dossierId}/expert-requests`, {
      token: client.token,
      body: { expertId: full.user.id },
    });
    expect(noCapacity.status).toBe(422);
    expect(noCapacity.body.error.code).toBe('EXPERT_AT_CAPACITY');
    const other = await registerClient(t);
    const foreign = await t.request('POST', `/api/dossiers/${dossierId}/expert-requests`, {
      token: other.token,
      body: { expertId: lea.user.id },
    });
    expect(foreign.status).toBe(404);
    const byExpert = await t.request('POST', `/api/dossiers/${dossierId}/expert-requests`, {
      token: lea.token,
      body: { expertId: lea.user.id },
    });
    expect(byExpert.status).toBe(403);
  });
});
