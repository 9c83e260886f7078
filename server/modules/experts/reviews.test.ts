import { beforeAll, describe, expect, it } from 'vitest';
import { approvedExpert, registerClient, type Session } from '../../../tests/support/factories.ts';
import { eligibleDossier } from '../dossiers/dossiers.factories.ts';
import { assignThroughRequest, closedDossierWith, expertsTestApp, postReview } from './experts.factories.ts';

const { t, admin, expert, otherExpert } = expertsTestApp();

const profile = async (id = expert.user.id) => {
  const res = await t.request('GET', `/api/experts/${id}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

describe('who may review', () => {
  it('a client without a closed dossier with that expert gets 403', async () => {
    const stranger = await registerClient(t);
    const { dossierId } = await closedDossierWith(t, admin, expert);
    const res = await postReview(t, stranger, expert.user.id, dossierId, 5);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('REVIEW_NOT_ALLOWED');
    expect(typeof res.body.error.message).toBe('string');
  });

  it('a dossier still under way cannot be reviewed', async () => {
    const { client, dossierId } = await eligibleDossier(t, admin);
    await assignThroughRequest(t, client, dossierId, expert);
    const res = await postReview(t, client, expert.user.id, dossierId, 4);
    expect(res.status).toBe(403);
  });

  it('a closed dossier reviews only the expert who worked on it', async () => {
    const { client, dossierId } = await closedDossierWith(t, admin, expert);
    expect((await postReview(t, client, otherExpert.user.id, dossierId, 1)).status).toBe(403);
  });

  it('experts and anonymous callers cannot review', async () => {
    const { dossierId } = await closedDossierWith(t, admin, expert);
    expect((await postReview(t, otherExpert, expert.user.id, dossierId, 5)).status).toBe(403);
    const anonymous = await t.request('POST', `/api/experts/${expert.user.id}/reviews`, {
      body: { dossierId, rating: 5, communication: 5, expertise: 5, speed: 5 },
    });
    expect(anonymous.status).toBe(401);
  });

  it('invalid ratings get a 400', async () => {
    const { client, dossierId } = await closedDossierWith(t, admin, expert);
    const res = await postReview(t, client, expert.user.id, dossierId, 6);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
  });
});

describe('reviews and aggregates', () => {
  let expertA: Session;
  const written: { id: string; client: Session }[] = [];

  beforeAll(async () => {
    expertA = await approvedExpert(t, admin, { firstName: 'Alice', lastName: 'Moreau' });
  });

  it('the client of a closed dossier reviews once; a second review of the dossier is a 409', async () => {
    const { client, dossierId } = await closedDossierWith(t, admin, expertA);
    const res = await postReview(t, client, expertA.user.id, dossierId, 4, {
      communication: 5,
      expertise: 4,
      speed: 3,
      text: 'Très réactive, dossier bien mené.',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      expertId: expertA.user.id,
      dossierId,
      productCode: 'TICPE',
      rating: 4,
      communication: 5,
      expertise: 4,
      speed: 3,
      text: 'Très réactive, dossier bien mené.',
      author: { name: 'Claire D.', companyName: 'Transports Dupont' },
      reply: null,
      hidden: false,
    });
    written.push({ id: res.body.id, client });

    const again = await postReview(t, client, expertA.user.id, dossierId, 1);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('REVIEW_ALREADY_WRITTEN');
  });

  it('aggregates stay exact under concurrent reviews', async () => {
    const dossiers: { client: Session; dossierId: string }[] = [];
    for (const _ of [1, 2, 3, 4, 5]) dossiers.push(await closedDossierWith(t, admin, expertA));
    const ratings = [5, 5, 2, 3, 5];
    const results = await Promise.all(
      dossiers.map(({ client, dossierId }, i) =>
        postReview(t, client, expertA.user.id, dossierId, ratings[i]!, {
          communication: 4,
          expertise: 5,
          speed: 2,
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    results.forEach((r, i) => {
      written.push({ id: r.body.id, client: dossiers[i]!.client });
    });

    // 4 + 5 + 5 + 2 + 3 + 5 = 24 over 6 reviews.
    const p = await profile(expertA.user.id);
    expect(p.rating).toEqual({ average: 4, count: 6, score: 4 });
    expect(p.ratingBreakdown).toEqual({ 1: 0, 2: 1, 3: 1, 4: 1, 5: 3 });
    expect(p.subCriteria).toEqual({ communication: 4.17, expertise: 4.83, speed: 2.17 });
    expect(p.latestReviews).toHaveLength(5);
    const newestFirst = written
      .map((w) => w.id)
      .sort()
      .reverse();
    expect(p.latestReviews.map((r: { id: string }) => r.id)).toEqual(newestFirst.slice(0, 5));
    // The same figures as a recount from the reviews themselves.
    const recount = await t.db
      .selectFrom('reviews')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('rating').as('sum')])
      .where('expertId', '=', expertA.user.id)
      .where('hidden', '=', false)
      .executeTakeFirstOrThrow();
    expect(Number(recount.n)).toBe(6);
    expect(Number(recount.sum)).toBe(24);
  });

  it('the reviewed expert replies once; nobody else can', async () => {
    const reviewId = written[0]!.id;
    const byOther = await t.request('POST', `/api/reviews/${reviewId}/reply`, {
      token: otherExpert.token,
      body: { text: 'Je ne suis pas concerné' },
    });
    expect(byOther.status).toBe(403);
    const byClient = await t.request('POST', `/api/reviews/${reviewId}/reply`, {
      token: written[0]!.client.token,
      body: { text: 'Réponse du client' },
    });
    expect(byClient.status).toBe(403);

    const reply = await t.request('POST', `/api/reviews/${reviewId}/reply`, {
      token: expertA.token,
      body: { text: 'Merci pour votre confiance !' },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.reply).toBe('Merci pour votre confiance !');
    expect(reply.body.repliedAt).toBe(t.clock.now().toISOString());

    const twice = await t.request('POST', `/api/reviews/${reviewId}/reply`, {
      token: expertA.token,
      body: { text: 'Encore merci' },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('REVIEW_ALREADY_ANSWERED');
    const list = await t.request('GET', `/api/experts/${expertA.user.id}/reviews?limit=50`);
    expect(list.body.items.find((r: { id: string }) => r.id === reviewId).reply).toBe(
      'Merci pour votre confiance !',
    );
  });

  it('an admin hides a review with a reason, audited; it leaves the aggregates and the public lists', async () => {
    // Hide one of the 5-star reviews: 19 over 5.
    const target = written[1]!.id;
    const notAdmin = await t.request('POST', `/api/admin/reviews/${target}/hide`, {
      token: expertA.token,
      body: { reason: 'Je n’aime pas cet avis' },
    });
    expect(notAdmin.status).toBe(403);
    const noReason = await t.request('POST', `/api/admin/reviews/${target}/hide`, {
      token: admin.token,
      body: {},
    });
    expect(noReason.status).toBe(400);

    const hide = await t.request('POST', `/api/admin/reviews/${target}/hide`, {
      token: admin.token,
      body: { reason: 'Propos sans rapport avec la mission' },
    });
    expect(hide.status, JSON.stringify(hide.body)).toBe(200);
    expect(hide.body).toMatchObject({ hidden: true, hiddenReason: 'Propos sans rapport avec la mission' });

    const p = await profile(expertA.user.id);
    expect(p.rating).toEqual({ average: 3.8, count: 5, score: 3.93333 });
    expect(p.ratingBreakdown).toEqual({ 1: 0, 2: 1, 3: 1, 4: 1, 5: 2 });
    expect(p.latestReviews.map((r: { id: string }) => r.id)).not.toContain(target);

    const publicList = await t.request('GET', `/api/experts/${expertA.user.id}/reviews?limit=50`);
    expect(publicList.body.items).toHaveLength(5);
    expect(publicList.body.items.map((r: { id: string }) => r.id)).not.toContain(target);
    const adminList = await t.request('GET', `/api/experts/${expertA.user.id}/reviews?limit=50`, {
      token: admin.token,
    });
    expect(adminList.body.items).toHaveLength(6);
    expect(adminList.body.items.find((r: { id: string }) => r.id === target).hidden).toBe(true);

    const audit = await t.db
      .selectFrom('auditLog')
      .selectAll()
      .where('entityId', '=', target)
      .where('action', '=', 'review.hidden')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorId).toBe(admin.user.id);
    expect(audit[0]!.after).toEqual({ hidden: true, reason: 'Propos sans rapport avec la mission' });

    const again = await t.request('POST', `/api/admin/reviews/${target}/hide`, {
      token: admin.token,
      body: { reason: 'Deux fois' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('REVIEW_ALREADY_HIDDEN');
    // A hidden review cannot be answered either.
    const reply = await t.request('POST', `/api/reviews/${target}/reply`, {
      token: expertA.token,
      body: { text: 'Réponse tardive' },
    });
    expect(reply.status).toBe(404);
  });

  it('pages through the reviews, newest first', async () => {
    const first = await t.request('GET', `/api/experts/${expertA.user.id}/reviews?limit=3`);
    expect(first.body.items).toHaveLength(3);
    const second = await t.request(
      'GET',
      `/api/experts/${expertA.user.id}/reviews?limit=3&cursor=${first.body.nextCursor}`,
    );
    expect(second.body.items).toHaveLength(2);
    expect(second.body.nextCursor).toBeNull();
    const ids = [...first.body.items, ...second.body.items].map((r: { id: string }) => r.id);
    expect(ids).toEqual([...ids].sort().reverse());
  });
});
