import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  approvedExpert,
  createAdmin,
  createDossier,
  registerClient,
  registerExpert,
  type Session,
  transition,
} from '../../../tests/support/factories.ts';
import { startTestApp, type TestApp } from '../../../tests/support/test-app.ts';

let t: TestApp;
let admin: Session;
let clientA: Session;
let clientB: Session;
let expert: Session;
let otherExpert: Session;
let pendingExpert: Session;

beforeAll(async () => {
  t = await startTestApp();
  admin = await createAdmin(t);
  [clientA, clientB] = await Promise.all([registerClient(t), registerClient(t)]);
  expert = await approvedExpert(t, admin);
  otherExpert = await approvedExpert(t, admin);
  pendingExpert = await registerExpert(t);
});
afterAll(() => t.close());

/** A draft dossier of a new client company (a company has one open dossier per product). */
async function newDossier(productCode = 'TICPE') {
  const client = await registerClient(t);
  return { client, d: await createDossier(t, client, productCode) };
}

/** Walks a new dossier to `eligible`, then has the admin assign `expert`. */
async function assignedDossier() {
  const { client, d } = await newDossier();
  expect((await transition(t, client, d.id, { to: 'pre_eligibility_pending' })).status).toBe(200);
  expect((await transition(t, client, d.id, { to: 'pre_eligibility_review' })).status).toBe(200);
  expect((await transition(t, admin, d.id, { to: 'eligible' })).status).toBe(200);
  const assign = await t.request('POST', `/api/admin/dossiers/${d.id}/assign`, {
    token: admin.token,
    body: { expertId: expert.user.id },
  });
  expect(assign.status).toBe(200);
  return { client, d };
}

describe('who sees which dossier', () => {
  it('a client reads, lists and changes only its own company’s dossiers', async () => {
    const own = await createDossier(t, clientA);
    expect((await t.request('GET', `/api/dossiers/${own.id}`, { token: clientA.token })).status).toBe(200);

    const read = await t.request('GET', `/api/dossiers/${own.id}`, { token: clientB.token });
    expect(read.status).toBe(404);
    expect(read.body.error.code).toBe('NOT_FOUND');
    const listB = await t.request('GET', '/api/dossiers?limit=100', { token: clientB.token });
    expect(listB.body.items.map((d: { id: string }) => d.id)).not.toContain(own.id);
    const change = await transition(t, clientB, own.id, { to: 'pre_eligibility_pending' });
    expect(change.status).toBe(404);
    const still = await t.request('GET', `/api/dossiers/${own.id}`, { token: clientA.token });
    expect(still.body.status).toBe('draft');
  });

  it('an expert sees only the dossiers assigned to it', async () => {
    const { d } = await assignedDossier();
    const mine = await t.request('GET', '/api/dossiers', { token: expert.token });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((x: { id: string }) => x.id)).toContain(d.id);
    expect(mine.body.items.every((x: { expert: { id: string } }) => x.expert.id === expert.user.id)).toBe(
      true,
    );
    expect((await t.request('GET', `/api/dossiers/${d.id}`, { token: expert.token })).status).toBe(200);

    expect((await t.request('GET', `/api/dossiers/${d.id}`, { token: otherExpert.token })).status).toBe(404);
    const others = await t.request('GET', '/api/dossiers', { token: otherExpert.token });
    expect(others.body.items).toEqual([]);
    expect((await transition(t, otherExpert, d.id, { to: 'expert_assigned' })).status).toBe(404);
  });

  it('a pending expert cannot act at all', async () => {
    const { d } = await newDossier();
    for (const res of [
      await t.request('GET', '/api/dossiers', { token: pendingExpert.token }),
      await t.request('GET', `/api/dossiers/${d.id}`, { token: pendingExpert.token }),
      await transition(t, pendingExpert, d.id, { to: 'pre_eligibility_pending' }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('ACCOUNT_PENDING');
    }
  });

  it('an admin sees everything and can filter', async () => {
    const a = await createDossier(t, clientA, 'URSSAF');
    const b = await createDossier(t, clientB, 'URSSAF');
    const all = await t.request('GET', '/api/dossiers?product=URSSAF&limit=100', { token: admin.token });
    const ids = all.body.items.map((d: { id: string }) => d.id);
    expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
    const onlyB = await t.request(
      'GET',
      `/api/dossiers?companyId=${clientB.user.company!.id}&product=URSSAF`,
      { token: admin.token },
    );
    expect(onlyB.body.items.map((d: { id: string }) => d.id)).toEqual([b.id]);
  });

  it('anonymous callers get 401', async () => {
    expect((await t.request('GET', '/api/dossiers')).status).toBe(401);
    expect((await t.request('POST', '/api/dossiers', { body: { productCode: 'TICPE' } })).status).toBe(401);
  });

  it('only clients open dossiers', async () => {
    const res = await t.request('POST', '/api/dossiers', {
      token: expert.token,
      body: { productCode: 'TICPE' },
    });
    expect(res.status).toBe(403);
  });
});

describe('lifecycle', () => {
  it('walks the whole lifecycle, each step by its actor, recording amounts, timeline and audit', async () => {
    const { client, d } = await assignedDossier();
    const steps: [Session, Record<string, unknown>][] = [
      [expert, { to: 'expert_assigned' }],
      [client, { to: 'documents_pending' }],
      [expert, { to: 'audit_in_progress' }],
      [expert, { to: 'audit_proposed', amountCents: 1_234_567 }],
      [client, { to: 'submitted' }],
      [expert, { to: 'administration_decided', amountCents: 1_000_001, reference: 'DOUANE-2026-42' }],
      [expert, { to: 'refunded', amountCents: 1_000_001 }],
      [expert, { to: 'closed' }],
    ];
    for (const [who, body] of steps) {
      const res = await transition(t, who, d.id, body);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.status).toBe(body.to);
    }
    const final = await t.request('GET', `/api/dossiers/${d.id}`, { token: client.token });
    expect(final.body).toMatchObject({
      status: 'closed',
      progress: 100,
      auditedCents: 1_234_567,
      grantedCents: 1_000_001,
      obtainedCents: 1_000_001,
      administrationReference: 'DOUANE-2026-42',
      allowedTransitions: [],
    });
    expect(final.body.timeline.map((e: { toStatus: string }) => e.toStatus)).toEqual([
      'draft',
      'pre_eligibility_pending',
      'pre_eligibility_review',
      'eligible',
      'expert_pending',
      'expert_assigned',
      'documents_pending',
      'audit_in_progress',
      'audit_proposed',
      'submitted',
      'administration_decided',
      'refunded',
      'closed',
    ]);
    const audit = await t.db
      .selectFrom('auditLog')
      .selectAll()
      .where('entityId', '=', d.id)
      .orderBy('id')
      .execute();
    const last = audit.at(-1)!;
    expect(last).toMatchObject({ action: 'dossier.status_changed', actorId: expert.user.id });
    expect(last.before).toMatchObject({ status: 'refunded' });
    expect(last.after).toMatchObject({ status: 'closed' });
  });

  it('refuses transitions outside the lifecycle with 409 and changes nothing', async () => {
    const { client, d } = await newDossier();
    const jump = await transition(t, admin, d.id, { to: 'refunded', amountCents: 10 });
    expect(jump.status).toBe(409);
    expect(jump.body.error.code).toBe('INVALID_TRANSITION');
    expect(jump.body.error.details).toMatchObject({
      from: 'draft',
      allowed: ['pre_eligibility_pending', 'cancelled'],
    });
    const same = await transition(t, client, d.id, { to: 'draft' });
    expect(same.status).toBe(409);
    const after = await t.request('GET', `/api/dossiers/${d.id}`, { token: client.token });
    expect(after.body.status).toBe('draft');
    expect(after.body.timeline).toHaveLength(1);
  });

  it('refuses a step that belongs to another role', async () => {
    const { client, d } = await newDossier();
    await transition(t, client, d.id, { to: 'pre_eligibility_pending' });
    await transition(t, client, d.id, { to: 'pre_eligibility_review' });
    const selfApproved = await transition(t, client, d.id, { to: 'eligible' });
    expect(selfApproved.status).toBe(403);
    expect(selfApproved.body.error.code).toBe('FORBIDDEN');
  });

  it('requires a reason to declare a dossier not eligible, and an amount for the audit', async () => {
    const { client, d } = await newDossier();
    await transition(t, client, d.id, { to: 'pre_eligibility_pending' });
    await transition(t, client, d.id, { to: 'pre_eligibility_review' });
    const noReason = await transition(t, admin, d.id, { to: 'not_eligible' });
    expect(noReason.status).toBe(422);
    const withReason = await transition(t, admin, d.id, {
      to: 'not_eligible',
      reason: 'Véhicules de moins de 7,5 t',
    });
    expect(withReason.status).toBe(200);
    expect(withReason.body.timeline.at(-1)).toMatchObject({
      toStatus: 'not_eligible',
      note: 'Véhicules de moins de 7,5 t',
    });

    const { client: client2, d: d2 } = await assignedDossier();
    await transition(t, expert, d2.id, { to: 'expert_assigned' });
    await transition(t, client2, d2.id, { to: 'documents_pending' });
    await transition(t, expert, d2.id, { to: 'audit_in_progress' });
    expect((await transition(t, expert, d2.id, { to: 'audit_proposed' })).status).toBe(422);
  });

  it('lets the expert decline, which frees the dossier for another expert', async () => {
    const { d } = await assignedDossier();
    const declined = await transition(t, expert, d.id, {
      to: 'eligible',
      reason: 'Capacité atteinte ce mois-ci',
    });
    expect(declined.status).toBe(200);
    expect(declined.body.expert).toBeNull();
    expect((await t.request('GET', `/api/dossiers/${d.id}`, { token: expert.token })).status).toBe(404);
  });

  it('lets the client cancel before submission, with a reason, but not after', async () => {
    const { client, d } = await newDossier();
    const cancelled = await transition(t, client, d.id, { to: 'cancelled', reason: 'Plus nécessaire' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.allowedTransitions).toEqual([]);
  });

  it('publishes each status change once, after it is committed', async () => {
    const { client, d } = await newDossier();
    const seen: unknown[] = [];
    const unsubscribe = t.app.services.events.subscribe('dossier.status_changed', (e) => {
      seen.push(e);
    });
    await transition(t, client, d.id, { to: 'pre_eligibility_pending' });
    await transition(t, client, d.id, { to: 'eligible' });
    unsubscribe();
    expect(seen).toEqual([
      expect.objectContaining({
        dossierId: d.id,
        from: 'draft',
        to: 'pre_eligibility_pending',
        actorId: client.user.id,
      }),
    ]);
  });

  it('serialises concurrent transitions: exactly one wins', async () => {
    const { client, d } = await newDossier();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => transition(t, client, d.id, { to: 'pre_eligibility_pending' })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
  });
});

describe('assignment', () => {
  it('refuses an unknown, pending or non-expert user', async () => {
    const { client, d } = await newDossier();
    await transition(t, client, d.id, { to: 'pre_eligibility_pending' });
    await transition(t, client, d.id, { to: 'pre_eligibility_review' });
    await transition(t, admin, d.id, { to: 'eligible' });
    for (const expertId of [pendingExpert.user.id, clientB.user.id, '00000000-0000-4000-8000-000000000000']) {
      const res = await t.request('POST', `/api/admin/dossiers/${d.id}/assign`, {
        token: admin.token,
        body: { expertId },
      });
      expect(res.status).toBe(422);
    }
  });

  it('refuses assignment before eligibility, and reassigns a dossier under way', async () => {
    const { d: draft } = await newDossier();
    const early = await t.request('POST', `/api/admin/dossiers/${draft.id}/assign`, {
      token: admin.token,
      body: { expertId: expert.user.id },
    });
    expect(early.status).toBe(409);

    const { d } = await assignedDossier();
    await transition(t, expert, d.id, { to: 'expert_assigned' });
    const re = await t.request('POST', `/api/admin/dossiers/${d.id}/assign`, {
      token: admin.token,
      body: { expertId: otherExpert.user.id },
    });
    expect(re.status).toBe(200);
    expect(re.body).toMatchObject({ status: 'expert_assigned', expert: { id: otherExpert.user.id } });
    expect((await t.request('GET', `/api/dossiers/${d.id}`, { token: expert.token })).status).toBe(404);
    expect((await t.request('GET', `/api/dossiers/${d.id}`, { token: otherExpert.token })).status).toBe(200);
  });

  it('is for admins only', async () => {
    const { client, d } = await newDossier();
    const res = await t.request('POST', `/api/admin/dossiers/${d.id}/assign`, {
      token: client.token,
      body: { expertId: expert.user.id },
    });
    expect(res.status).toBe(403);
  });
});

describe('listing', () => {
  it('paginates with a cursor without gaps or repeats, newest first', async () => {
    const client = await registerClient(t);
    const created: string[] = [];
    for (const code of ['TICPE', 'URSSAF', 'DFS', 'FONCIER', 'MSA'])
      created.push((await createDossier(t, client, code)).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { id: string }[]; nextCursor: string | null } } = await t.request(
        'GET',
        `/api/dossiers?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        { token: client.token },
      );
      seen.push(...res.body.items.map((d) => d.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...created].reverse());
  });

  it('filters by status and summarises by status', async () => {
    const client = await registerClient(t);
    const a = await createDossier(t, client, 'TICPE');
    await createDossier(t, client, 'URSSAF');
    await transition(t, client, a.id, { to: 'pre_eligibility_pending' });
    const res = await t.request('GET', '/api/dossiers?status=pre_eligibility_pending', {
      token: client.token,
    });
    expect(res.body.items.map((d: { id: string }) => d.id)).toEqual([a.id]);
    const summary = await t.request('GET', '/api/dossiers/summary', { token: client.token });
    expect(summary.body).toEqual({
      byStatus: { draft: 1, pre_eligibility_pending: 1 },
      total: 2,
      estimatedCents: 2_000_000,
      obtainedCents: 0,
    });
  });

  it('refuses one open dossier twice for the same product', async () => {
    const client = await registerClient(t);
    await createDossier(t, client, 'CEE');
    const again = await t.request('POST', '/api/dossiers', {
      token: client.token,
      body: { productCode: 'CEE' },
    });
    expect(again.status).toBe(409);
  });

  it('answers 400 to a bad cursor and 422 to an unknown product', async () => {
    expect((await t.request('GET', '/api/dossiers?cursor=%%%', { token: clientA.token })).status).toBe(400);
    const unknown = await t.request('POST', '/api/dossiers', {
      token: clientA.token,
      body: { productCode: 'NOPE' },
    });
    expect(unknown.status).toBe(422);
  });
});
