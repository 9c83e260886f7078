import { describe, expect, it } from 'vitest';
import {
  appWithAdmin,
  clientInput,
  createDossier,
  PASSWORD,
  refreshCookie,
  registerClient,
  type Session,
  uniqueEmail,
  uniqueSiren,
} from '../../../tests/support/factories.ts';
import type { DomainEvents } from '../../platform/events.ts';

const { t, admin } = appWithAdmin();

/** A company registered by its first client (who opened a dossier), and a second person asking to join it. */
async function companyWithRequester() {
  const owner = await registerClient(t);
  const dossier = await createDossier(t, owner);
  const input = clientInput({
    email: uniqueEmail('joiner'),
    firstName: 'Jules',
    company: { ...clientInput().company, name: 'Autre nom saisi', siren: owner.user.company!.siren },
  });
  const res = await t.request('POST', '/api/auth/register', { body: input });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const requester: Session = {
    user: res.body.user,
    token: res.body.accessToken,
    cookie: refreshCookie(res.headers),
  };
  const list = await t.request('GET', '/api/admin/company-join-requests?limit=100', { token: admin.token });
  const request = list.body.items.find(
    (r: { requester: { id: string } }) => r.requester.id === requester.user.id,
  );
  return { owner, dossier, requester, requestId: request.id as string };
}

describe('registering with a SIREN already on the platform', () => {
  it('creates a pending account without a company, and a pending request to join it', async () => {
    const owner = await registerClient(t);
    const input = clientInput({ company: { ...clientInput().company, siren: owner.user.company!.siren } });
    const res = await t.request('POST', '/api/auth/register', { body: input });
    expect(res.status).toBe(202);
    expect(res.body.user).toMatchObject({
      email: input.email,
      role: 'client',
      status: 'pending',
      company: null,
    });
    const rows = await t.db
      .selectFrom('companyJoinRequests')
      .select(['companyId', 'status'])
      .where('userId', '=', res.body.user.id)
      .execute();
    expect(rows).toEqual([{ companyId: owner.user.company!.id, status: 'pending' }]);
  });

  it('lets two clients racing to register one new SIREN both in: one creates the company, the other asks to join', async () => {
    const company = { ...clientInput().company, siren: uniqueSiren() };
    const answers = await Promise.all(
      [0, 1].map(() => t.request('POST', '/api/auth/register', { body: clientInput({ company }) })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 202]);
  });

  it('shows the requester their request, and no company data before approval', async () => {
    const { requester, dossier, owner } = await companyWithRequester();
    const mine = await t.request('GET', '/api/me/company-join-request', { token: requester.token });
    expect(mine.status).toBe(200);
    expect(mine.body.request).toMatchObject({
      status: 'pending',
      company: { name: owner.user.company!.name, siren: owner.user.company!.siren },
      reason: null,
    });
    const me = await t.request('GET', '/api/me', { token: requester.token });
    expect(me.body.company).toBeNull();
    for (const path of ['/api/dossiers', `/api/dossiers/${dossier.id}`, '/api/dossiers/summary']) {
      const res = await t.request('GET', path, { token: requester.token });
      expect(res.status, path).toBe(403);
      expect(res.body.error.code).toBe('ACCOUNT_PENDING');
    }
  });

  it('answers no request to a client who created their company', async () => {
    const owner = await registerClient(t);
    const mine = await t.request('GET', '/api/me/company-join-request', { token: owner.token });
    expect(mine.body).toEqual({ request: null });
  });
});

describe('admin decisions on join requests', () => {
  it('lists pending requests with the requester and the company', async () => {
    const { requester, owner, requestId } = await companyWithRequester();
    const list = await t.request('GET', '/api/admin/company-join-requests', { token: admin.token });
    expect(list.status).toBe(200);
    expect(list.body.items).toContainEqual(
      expect.objectContaining({
        id: requestId,
        status: 'pending',
        company: {
          id: owner.user.company!.id,
          name: owner.user.company!.name,
          siren: owner.user.company!.siren,
        },
        requester: expect.objectContaining({ id: requester.user.id, email: requester.user.email }),
      }),
    );
  });

  it('approving makes the requester an active member who sees the company’s dossiers, with the token they hold', async () => {
    const { requester, dossier, owner, requestId } = await companyWithRequester();
    const res = await t.request('POST', `/api/admin/company-join-requests/${requestId}/approve`, {
      token: admin.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.status).toBe('approved');
    const me = await t.request('GET', '/api/me', { token: requester.token });
    expect(me.body).toMatchObject({ status: 'active', company: { id: owner.user.company!.id } });
    const list = await t.request('GET', '/api/dossiers', { token: requester.token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((d: { id: string }) => d.id)).toEqual([dossier.id]);
  });

  it('records the approval in the audit log', async () => {
    const { requester, requestId } = await companyWithRequester();
    await t.request('POST', `/api/admin/company-join-requests/${requestId}/approve`, { token: admin.token });
    const audit = await t.db
      .selectFrom('auditLog')
      .select(['actorId', 'after'])
      .where('action', '=', 'company_join.approved')
      .where('entityId', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(audit.actorId).toBe(admin.user.id);
    expect(audit.after).toMatchObject({ userId: requester.user.id, userStatus: 'active' });
  });

  it('publishes the requester’s status change once the approval is committed', async () => {
    const { requester, requestId } = await companyWithRequester();
    const seen: DomainEvents['user.status_changed'][] = [];
    const stop = t.app.services.events.subscribe('user.status_changed', (e) => {
      seen.push(e);
    });
    try {
      await t.request('POST', `/api/admin/company-join-requests/${requestId}/approve`, {
        token: admin.token,
      });
    } finally {
      stop();
    }
    expect(seen).toEqual([
      expect.objectContaining({
        userId: requester.user.id,
        role: 'client',
        previous: 'pending',
        status: 'active',
      }),
    ]);
  });

  it('rejecting rejects the account with the reason, which the requester reads', async () => {
    const { requester, requestId } = await companyWithRequester();
    const reason = 'Personne inconnue de l’entreprise';
    const res = await t.request('POST', `/api/admin/company-join-requests/${requestId}/reject`, {
      token: admin.token,
      body: { reason },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'rejected', reason });
    const me = await t.request('GET', '/api/me', { token: requester.token });
    expect(me.body).toMatchObject({ status: 'rejected', company: null });
    const mine = await t.request('GET', '/api/me/company-join-request', { token: requester.token });
    expect(mine.body.request).toMatchObject({ status: 'rejected', reason });
    expect((await t.request('GET', '/api/dossiers', { token: requester.token })).status).toBe(403);
  });

  it('needs a reason to reject', async () => {
    const { requestId } = await companyWithRequester();
    const res = await t.request('POST', `/api/admin/company-join-requests/${requestId}/reject`, {
      token: admin.token,
      body: {},
    });
    expect(res.status).toBe(400);
  });

  it('lets no one but an admin decide, not even a member of the company', async () => {
    const { owner, requester, requestId } = await companyWithRequester();
    const byOwner = await t.request('POST', `/api/admin/company-join-requests/${requestId}/approve`, {
      token: owner.token,
    });
    expect(byOwner.status).toBe(403);
    expect(byOwner.body.error.code).toBe('FORBIDDEN');
    const bySelf = await t.request('POST', `/api/admin/company-join-requests/${requestId}/approve`, {
      token: requester.token,
    });
    expect(bySelf.status).toBe(403);
    const list = await t.request('GET', '/api/admin/company-join-requests', { token: owner.token });
    expect(list.status).toBe(403);
    const me = await t.request('GET', '/api/me', { token: requester.token });
    expect(me.body.status).toBe('pending');
  });

  it('refuses to decide a request twice', async () => {
    const { requestId } = await companyWithRequester();
    await t.request('POST', `/api/admin/company-join-requests/${requestId}/approve`, { token: admin.token });
    const again = await t.request('POST', `/api/admin/company-join-requests/${requestId}/reject`, {
      token: admin.token,
      body: { reason: 'Trop tard' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('JOIN_REQUEST_ALREADY_DECIDED');
  });

  it('does not let an approval lift a suspension of the requester', async () => {
    const { requester, requestId } = await companyWithRequester();
    const suspend = await t.request('POST', `/api/admin/users/${requester.user.id}/suspend`, {
      token: admin.token,
      body: { reason: 'Vérification' },
    });
    expect(suspend.status).toBe(200);
    const approve = await t.request('POST', `/api/admin/company-join-requests/${requestId}/approve`, {
      token: admin.token,
    });
    expect(approve.status).toBe(409);
    expect(approve.body.error.code).toBe('JOIN_REQUEST_ACCOUNT_NOT_PENDING');
  });

  it('reactivating a suspended requester puts them back to waiting for the decision', async () => {
    const { requester } = await companyWithRequester();
    await t.request('POST', `/api/admin/users/${requester.user.id}/suspend`, {
      token: admin.token,
      body: { reason: 'Vérification' },
    });
    const res = await t.request('POST', `/api/admin/users/${requester.user.id}/reactivate`, {
      token: admin.token,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'pending', company: null });
  });

  it('answers 404 for an unknown request and 400 for a malformed cursor', async () => {
    const unknown = await t.request(
      'POST',
      '/api/admin/company-join-requests/0190a0a0-0000-7000-8000-000000000000/approve',
      { token: admin.token },
    );
    expect(unknown.status).toBe(404);
    const cursor = Buffer.from(JSON.stringify(['not-a-uuid'])).toString('base64url');
    const bad = await t.request('GET', `/api/admin/company-join-requests?cursor=${cursor}`, {
      token: admin.token,
    });
    expect(bad.status).toBe(400);
  });

  it('pages through the requests', async () => {
    await companyWithRequester();
    await companyWithRequester();
    const first = await t.request('GET', '/api/admin/company-join-requests?limit=1', { token: admin.token });
    expect(first.body.items).toHaveLength(1);
    const second = await t.request(
      'GET',
      `/api/admin/company-join-requests?limit=1&cursor=${first.body.nextCursor}`,
      { token: admin.token },
    );
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
  });

  it('lets an approved member sign in again and land in the company', async () => {
    const { requester, requestId } = await companyWithRequester();
    await t.request('POST', `/api/admin/company-join-requests/${requestId}/approve`, { token: admin.token });
    const res = await t.request('POST', '/api/auth/login', {
      body: { email: requester.user.email, password: PASSWORD },
    });
    expect(res.status).toBe(200);
    expect(res.body.user.status).toBe('active');
    expect(res.body.user.company).not.toBeNull();
  });
});
