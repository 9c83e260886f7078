import { describe, expect, it } from 'vitest';
import { appWithAdmin, registerClient, registerExpert } from '../../../tests/support/factories.ts';

const { t, admin } = appWithAdmin();

const unknownUser = '00000000-0000-4000-8000-000000000000';

/** POST /api/admin/users/:id/<action> by the admin. */
const userAction = (userId: string, action: string, body?: { reason: string }) =>
  t.request('POST', `/api/admin/users/${userId}/${action}`, { token: admin.token, body });

describe('GET /api/admin/users', () => {
  it('filters by role and status', async () => {
    const expert = await registerExpert(t);
    await registerClient(t);
    const pending = await t.request('GET', '/api/admin/users?role=expert&status=pending', {
      token: admin.token,
    });
    expect(pending.status).toBe(200);
    expect(pending.body.items.map((u: { id: string }) => u.id)).toContain(expert.user.id);
    expect(
      pending.body.items.every(
        (u: { role: string; status: string }) => u.role === 'expert' && u.status === 'pending',
      ),
    ).toBe(true);
  });

  it('finds a user by a name typed without its accents, with an expert’s specialties', async () => {
    const expert = await registerExpert(t, { lastName: 'Zyxwvuté' });
    const search = await t.request('GET', '/api/admin/users?q=zyxwvute', { token: admin.token });
    expect(search.body.items).toHaveLength(1);
    expect(search.body.items[0]).toMatchObject({ id: expert.user.id, specialties: ['TICPE'] });
  });

  it('pages with a cursor', async () => {
    await Promise.all([registerClient(t), registerClient(t)]);
    const page1 = await t.request('GET', '/api/admin/users?limit=1', { token: admin.token });
    const page2 = await t.request('GET', `/api/admin/users?limit=1&cursor=${page1.body.nextCursor}`, {
      token: admin.token,
    });
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
  });

  it('is closed to clients', async () => {
    const client = await registerClient(t);
    expect((await t.request('GET', '/api/admin/users', { token: client.token })).status).toBe(403);
  });
});

describe('POST /api/admin/users/:id/approve', () => {
  it('activates a pending expert, who can then act', async () => {
    const expert = await registerExpert(t);
    const res = await userAction(expert.user.id, 'approve');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('active');
    expect((await t.request('GET', '/api/dossiers', { token: expert.token })).status).toBe(200);
  });

  it('records who approved whom in the audit log', async () => {
    const expert = await registerExpert(t);
    await userAction(expert.user.id, 'approve');
    const audit = await t.db
      .selectFrom('auditLog')
      .selectAll()
      .where('entityId', '=', expert.user.id)
      .where('action', '=', 'user.approve')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      actorId: admin.user.id,
      before: { status: 'pending' },
      after: { status: 'active' },
    });
  });

  it('refuses an account that is not pending', async () => {
    const client = await registerClient(t);
    const approve = await userAction(client.user.id, 'approve');
    expect([approve.status, approve.body.error?.code]).toEqual([409, 'ACCOUNT_STATUS_CHANGE_INVALID']);
  });

  it('answers 404 for an unknown user', async () => {
    expect((await userAction(unknownUser, 'approve')).status).toBe(404);
  });
});

describe('POST /api/admin/users/:id/reject', () => {
  it('requires a reason', async () => {
    const expert = await registerExpert(t);
    const noReason = await userAction(expert.user.id, 'reject');
    expect([noReason.status, noReason.body.error?.code]).toEqual([422, 'REASON_REQUIRED']);
  });

  it('rejects a pending expert, who then cannot act', async () => {
    const expert = await registerExpert(t);
    const res = await userAction(expert.user.id, 'reject', { reason: 'Références insuffisantes' });
    expect(res.body.status).toBe('rejected');
    expect((await t.request('GET', '/api/dossiers', { token: expert.token })).status).toBe(403);
  });
});

describe('POST /api/admin/users/:id/suspend', () => {
  it('suspends an account, whose session stops working', async () => {
    const client = await registerClient(t);
    await userAction(client.user.id, 'suspend', { reason: 'Impayés' });
    expect((await t.request('GET', '/api/me', { token: client.token })).status).toBe(401);
  });

  it('does not let an admin suspend itself', async () => {
    expect((await userAction(admin.user.id, 'suspend', { reason: 'Moi-même' })).status).toBe(403);
  });

  it('is closed to clients', async () => {
    const client = await registerClient(t);
    expect(
      (
        await t.request('POST', `/api/admin/users/${client.user.id}/suspend`, {
          token: client.token,
          body: { reason: 'abc' },
        })
      ).status,
    ).toBe(403);
  });
});

describe('POST /api/admin/users/:id/reactivate', () => {
  it('reactivates a suspended account, whose session works again', async () => {
    const client = await registerClient(t);
    await userAction(client.user.id, 'suspend', { reason: 'Impayés' });
    const back = await userAction(client.user.id, 'reactivate');
    expect(back.body.status).toBe('active');
    expect((await t.request('GET', '/api/me', { token: client.token })).status).toBe(200);
  });

  it('refuses an account that is not suspended', async () => {
    const client = await registerClient(t);
    expect((await userAction(client.user.id, 'reactivate')).status).toBe(409);
  });
});
