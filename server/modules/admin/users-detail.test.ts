import { describe, expect, it } from 'vitest';
import {
  approvedExpert,
  appWithAdmin,
  createDossier,
  login,
  registerClient,
  registerExpert,
} from '../../../tests/support/factories.ts';

const { t, admin } = appWithAdmin();

const unknownUser = '00000000-0000-4000-8000-000000000000';
const detail = (id: string, token = admin.token) => t.request('GET', `/api/admin/users/${id}`, { token });
const audit = (id: string, query = '') =>
  t.request('GET', `/api/admin/users/${id}/audit?${query}`, { token: admin.token });

describe('GET /api/admin/users/:id', () => {
  it('shows a client with its company', async () => {
    const client = await registerClient(t);
    const res = await detail(client.user.id);
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({
      id: client.user.id,
      role: 'client',
      status: 'active',
      locale: 'fr',
    });
    expect(res.body.company).toEqual(client.user.company);
    expect(res.body.expertProfile).toBeNull();
  });

  it('shows an expert with its profile', async () => {
    const expert = await registerExpert(t);
    const res = await detail(expert.user.id);
    expect(res.body.company).toBeNull();
    expect(res.body.expertProfile).toMatchObject({ specialties: ['TICPE'], regions: ['ile-de-france'] });
  });

  it('counts a client’s company’s dossiers, and those still open', async () => {
    const client = await registerClient(t);
    const dossier = await createDossier(t, client, 'TICPE');
    await createDossier(t, client, 'URSSAF');
    await t.request('POST', `/api/dossiers/${dossier.id}/transitions`, {
      token: client.token,
      body: { to: 'cancelled', note: 'Plus besoin' },
    });
    const { activity } = (await detail(client.user.id)).body;
    expect(activity).toMatchObject({ dossiers: 2 });
    expect(activity.openDossiers).toBeLessThanOrEqual(2);
  });

  it('lists the active sessions with their device, and the last sign-in', async () => {
    const client = await registerClient(t);
    t.clock.advance(60_000);
    await login(t, client.user.email);
    const res = await detail(client.user.id, (await login(t, admin.user.email)).token);
    expect(res.body.sessions).toHaveLength(2);
    expect(res.body.sessions[0]).toMatchObject({ ip: '127.0.0.1', startedAt: t.clock.now().toISOString() });
    expect(res.body.activity.lastSignInAt).toBe(t.clock.now().toISOString());
  });

  it('no longer lists the sessions of a suspended user', async () => {
    const client = await registerClient(t);
    await t.request('POST', `/api/admin/users/${client.user.id}/suspend`, {
      token: admin.token,
      body: { reason: 'Contrôle' },
    });
    expect((await detail(client.user.id)).body.sessions).toEqual([]);
  });

  it('answers 404 for an unknown user', async () => {
    const res = await detail(unknownUser);
    expect([res.status, res.body.error?.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('refuses an id that is not a uuid', async () => {
    const res = await detail('42');
    expect([res.status, res.body.error?.code]).toEqual([400, 'VALIDATION_ERROR']);
  });

  it('is closed to clients', async () => {
    const client = await registerClient(t);
    expect((await detail(client.user.id, client.token)).status).toBe(403);
  });
});

describe('GET /api/admin/users/:id/audit', () => {
  it('lists what was done to the user, newest first, with who did it', async () => {
    const expert = await approvedExpert(t, admin);
    t.clock.advance(1000);
    await t.request('POST', `/api/admin/users/${expert.user.id}/suspend`, {
      token: admin.token,
      body: { reason: 'Contrôle' },
    });
    const res = await audit(expert.user.id);
    expect(res.body.items.slice(0, 2).map((e: { action: string }) => e.action)).toEqual([
      'user.suspend',
      'user.approve',
    ]);
    expect(res.body.items[0]).toMatchObject({ actorId: admin.user.id, actorName: 'Ada Admin' });
  });

  it('lists what the user did', async () => {
    const res = await audit(admin.user.id);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((e: { actorId: string }) => e.actorId === admin.user.id)).toBe(true);
  });

  it('pages with a cursor, without repeating a row', async () => {
    const expert = await approvedExpert(t, admin);
    t.clock.advance(1000);
    await t.request('POST', `/api/admin/users/${expert.user.id}/suspend`, {
      token: admin.token,
      body: { reason: 'Contrôle' },
    });
    const first = await audit(expert.user.id, 'limit=1');
    const second = await audit(expert.user.id, `limit=1&cursor=${first.body.nextCursor}`);
    expect([first.body.items[0].action, second.body.items[0].action]).toEqual([
      'user.suspend',
      'user.approve',
    ]);
    const third = await audit(expert.user.id, `limit=1&cursor=${second.body.nextCursor}`);
    expect(third.body.items[0].id).not.toBe(second.body.items[0].id);
  });

  it('refuses a cursor that is not one', async () => {
    const res = await audit(admin.user.id, 'cursor=garbage');
    expect([res.status, res.body.error?.code]).toEqual([400, 'INVALID_CURSOR']);
  });

  it('answers 404 for an unknown user', async () => {
    expect((await audit(unknownUser)).status).toBe(404);
  });

  it('refuses a page size out of bounds', async () => {
    const res = await audit(admin.user.id, 'limit=1000');
    expect([res.status, res.body.error?.code]).toEqual([400, 'VALIDATION_ERROR']);
  });

  it('is closed to experts', async () => {
    const expert = await approvedExpert(t, admin);
    const res = await t.request('GET', `/api/admin/users/${expert.user.id}/audit`, { token: expert.token });
    expect(res.status).toBe(403);
  });
});
