import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAdmin,
  registerClient,
  registerExpert,
  type Session,
} from '../../../tests/support/factories.ts';
import { startTestApp, type TestApp } from '../../../tests/support/test-app.ts';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await startTestApp();
  admin = await createAdmin(t);
});
afterAll(() => t.close());

describe('user management', () => {
  it('lists users with filters, search and cursor pagination', async () => {
    const expert = await registerExpert(t, { lastName: 'Zyxwvuté' });
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
    const search = await t.request('GET', '/api/admin/users?q=zyxwvute', { token: admin.token });
    expect(search.body.items).toHaveLength(1);
    expect(search.body.items[0]).toMatchObject({ id: expert.user.id, specialties: ['TICPE'] });
    const page1 = await t.request('GET', '/api/admin/users?limit=1', { token: admin.token });
    const page2 = await t.request('GET', `/api/admin/users?limit=1&cursor=${page1.body.nextCursor}`, {
      token: admin.token,
    });
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
  });

  it('approves a pending expert, who can then act, with an audit row', async () => {
    const expert = await registerExpert(t);
    const res = await t.request('POST', `/api/admin/users/${expert.user.id}/approve`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('active');
    expect((await t.request('GET', '/api/dossiers', { token: expert.token })).status).toBe(200);
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

  it('rejects a pending expert with a reason only', async () => {
    const expert = await registerExpert(t);
    expect(
      (await t.request('POST', `/api/admin/users/${expert.user.id}/reject`, { token: admin.token })).status,
    ).toBe(422);
    const res = await t.request('POST', `/api/admin/users/${expert.user.id}/reject`, {
      token: admin.token,
      body: { reason: 'Références insuffisantes' },
    });
    expect(res.body.status).toBe('rejected');
    expect((await t.request('GET', '/api/dossiers', { token: expert.token })).status).toBe(403);
  });

  it('suspends and reactivates an account', async () => {
    const client = await registerClient(t);
    await t.request('POST', `/api/admin/users/${client.user.id}/suspend`, {
      token: admin.token,
      body: { reason: 'Impayés' },
    });
    expect((await t.request('GET', '/api/me', { token: client.token })).status).toBe(401);
    const back = await t.request('POST', `/api/admin/users/${client.user.id}/reactivate`, {
      token: admin.token,
    });
    expect(back.body.status).toBe('active');
    expect((await t.request('GET', '/api/me', { token: client.token })).status).toBe(200);
  });

  it('refuses actions that do not fit the account', async () => {
    const client = await registerClient(t);
    expect(
      (await t.request('POST', `/api/admin/users/${client.user.id}/approve`, { token: admin.token })).status,
    ).toBe(409);
    expect(
      (await t.request('POST', `/api/admin/users/${client.user.id}/reactivate`, { token: admin.token }))
        .status,
    ).toBe(409);
    expect(
      (
        await t.request('POST', `/api/admin/users/${admin.user.id}/suspend`, {
          token: admin.token,
          body: { reason: 'Moi-même' },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await t.request('POST', '/api/admin/users/00000000-0000-4000-8000-000000000000/approve', {
          token: admin.token,
        })
      ).status,
    ).toBe(404);
  });

  it('is closed to clients and experts', async () => {
    const client = await registerClient(t);
    expect((await t.request('GET', '/api/admin/users', { token: client.token })).status).toBe(403);
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
