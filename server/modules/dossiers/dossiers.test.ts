import { beforeAll, describe, expect, it } from 'vitest';
import { createDossier, registerClient, transition } from '../../../tests/support/factories.ts';
import { appWith } from '../../../tests/support/test-app.ts';
import { assignedDossier, dossierCast, newDossier } from './dossiers.factories.ts';

const { t, cast } = appWith(dossierCast);

/** A new client with a TICPE dossier submitted (`a`) and an URSSAF draft. */
async function clientWithTwoDossiers() {
  const client = await registerClient(t);
  const a = await createDossier(t, client, 'TICPE');
  await createDossier(t, client, 'URSSAF');
  await transition(t, client, a.id, { to: 'pre_eligibility_pending' });
  return { client, a };
}

describe('GET /api/dossiers/:id', () => {
  it('lets a client read its own company’s dossier', async () => {
    const own = await createDossier(t, cast.clientA);
    expect((await t.request('GET', `/api/dossiers/${own.id}`, { token: cast.clientA.token })).status).toBe(
      200,
    );
  });

  it('hides another company’s dossier from a client', async () => {
    const own = await createDossier(t, cast.clientA, 'DFS');
    const read = await t.request('GET', `/api/dossiers/${own.id}`, { token: cast.clientB.token });
    expect(read.status).toBe(404);
    expect(read.body.error.code).toBe('NOT_FOUND');
  });

  it('lets an expert read a dossier assigned to it', async () => {
    const { d } = await assignedDossier(t, cast.admin, cast.expert);
    expect((await t.request('GET', `/api/dossiers/${d.id}`, { token: cast.expert.token })).status).toBe(200);
  });

  it('hides a dossier from an expert it is not assigned to', async () => {
    const { d } = await assignedDossier(t, cast.admin, cast.expert);
    expect((await t.request('GET', `/api/dossiers/${d.id}`, { token: cast.otherExpert.token })).status).toBe(
      404,
    );
  });
});

describe('GET /api/dossiers', () => {
  it('does not list another company’s dossiers to a client', async () => {
    const { d } = await newDossier(t);
    const listB = await t.request('GET', '/api/dossiers?limit=100', { token: cast.clientB.token });
    expect(listB.body.items.map((x: { id: string }) => x.id)).not.toContain(d.id);
  });

  it('lists to an expert the dossiers assigned to it, and only those', async () => {
    const { d } = await assignedDossier(t, cast.admin, cast.expert);
    const mine = await t.request('GET', '/api/dossiers', { token: cast.expert.token });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((x: { id: string }) => x.id)).toContain(d.id);
    expect(
      mine.body.items.every((x: { expert: { id: string } }) => x.expert.id === cast.expert.user.id),
    ).toBe(true);
  });

  it('lists nothing to an expert assigned no dossier', async () => {
    await assignedDossier(t, cast.admin, cast.expert);
    const others = await t.request('GET', '/api/dossiers', { token: cast.otherExpert.token });
    expect(others.body.items).toEqual([]);
  });

  describe('for an admin', () => {
    let a: { id: string };
    let b: { id: string };
    beforeAll(async () => {
      a = await createDossier(t, cast.clientA, 'URSSAF');
      b = await createDossier(t, cast.clientB, 'URSSAF');
    });

    it('lists every company’s dossiers', async () => {
      const all = await t.request('GET', '/api/dossiers?product=URSSAF&limit=100', {
        token: cast.admin.token,
      });
      const ids = all.body.items.map((d: { id: string }) => d.id);
      expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
    });

    it('filters by company and product', async () => {
      const onlyB = await t.request(
        'GET',
        `/api/dossiers?companyId=${cast.clientB.user.company!.id}&product=URSSAF`,
        { token: cast.admin.token },
      );
      expect(onlyB.body.items.map((d: { id: string }) => d.id)).toEqual([b.id]);
    });
  });

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

  it('filters by status', async () => {
    const { client, a } = await clientWithTwoDossiers();
    const res = await t.request('GET', '/api/dossiers?status=pre_eligibility_pending', {
      token: client.token,
    });
    expect(res.body.items.map((d: { id: string }) => d.id)).toEqual([a.id]);
  });

  it('answers 400 to a bad cursor', async () => {
    expect((await t.request('GET', '/api/dossiers?cursor=%%%', { token: cast.clientA.token })).status).toBe(
      400,
    );
  });

  it('answers 400 to a NUL character in the product filter or the words (found by the fuzz: was 500)', async () => {
    for (const query of ['product=%00', 'q=Paris%00']) {
      const res = await t.request('GET', `/api/dossiers?${query}`, { token: cast.clientA.token });
      expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
    }
  });

  it('is closed to anonymous callers', async () => {
    expect((await t.request('GET', '/api/dossiers')).status).toBe(401);
  });
});

describe('GET /api/dossiers/summary', () => {
  it('summarises the client’s dossiers by status', async () => {
    const { client } = await clientWithTwoDossiers();
    const summary = await t.request('GET', '/api/dossiers/summary', { token: client.token });
    expect(summary.body).toEqual({
      byStatus: { draft: 1, pre_eligibility_pending: 1 },
      total: 2,
      estimatedCents: 2_000_000,
      obtainedCents: 0,
    });
  });
});

describe('a pending expert', () => {
  it('is refused the list, a dossier and its transitions', async () => {
    const { d } = await newDossier(t);
    for (const res of [
      await t.request('GET', '/api/dossiers', { token: cast.pendingExpert.token }),
      await t.request('GET', `/api/dossiers/${d.id}`, { token: cast.pendingExpert.token }),
      await transition(t, cast.pendingExpert, d.id, { to: 'pre_eligibility_pending' }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('ACCOUNT_PENDING');
    }
  });
});

describe('POST /api/dossiers', () => {
  it('is closed to anonymous callers', async () => {
    expect((await t.request('POST', '/api/dossiers', { body: { productCode: 'TICPE' } })).status).toBe(401);
  });

  it('is for clients only', async () => {
    const res = await t.request('POST', '/api/dossiers', {
      token: cast.expert.token,
      body: { productCode: 'TICPE' },
    });
    expect(res.status).toBe(403);
  });

  it('answers 422 to an unknown product', async () => {
    const unknown = await t.request('POST', '/api/dossiers', {
      token: cast.clientA.token,
      body: { productCode: 'NOPE' },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('PRODUCT_UNKNOWN');
  });
});
