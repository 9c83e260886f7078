/** Conversations: of a dossier (who takes part, admins joining, colleagues), direct ones, reassignment. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../common/ids.ts';
import { login, PASSWORD, registerExpert, type Session } from '../../../tests/support/factories.ts';
import { eventually, sleep } from '../../../tests/support/waiting.ts';
import { hashPassword } from '../../platform/passwords.ts';
import { usersRepo } from '../users/users.repo.ts';
import { collect, emitSend, messagingTestApp, nextEvent } from './messaging.factories.ts';

const { t, open, cast, conversation } = messagingTestApp();

/** The status of a conversation's history as `who` reads it: 200, or 404 to whoever is not let in. */
const historyStatus = async (conversationId: string, who: Session) =>
  (await t.request('GET', `/api/conversations/${conversationId}/messages`, { token: who.token })).status;

describe('API description', () => {
  it('documents the messaging routes in OpenAPI', async () => {
    const res = await t.request('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    for (const route of [
      '/api/conversations',
      '/api/conversations/{id}/messages',
      '/api/conversations/{id}/read',
      '/api/conversations/{id}/attachments',
      '/api/messages/search',
      '/api/attachments/{id}',
    ]) {
      expect(Object.keys(res.body.paths)).toContain(route);
    }
  });
});

describe('dossier conversations', () => {
  it('gather the client users and the assigned expert, created on assignment', async () => {
    const c = await cast();
    const res = await t.request('GET', `/api/conversations/${c.conversationId}`, { token: c.expert.token });
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe('dossier');
    expect(res.body.dossier.id).toBe(c.dossierId);
    expect(res.body.participants.map((p: { id: string }) => p.id).sort()).toEqual(
      [c.client.user.id, c.expert.user.id].sort(),
    );
    // The expert finds it in their list without asking for it.
    const list = await t.request('GET', '/api/conversations', { token: c.expert.token });
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(c.conversationId);
  });

  it('let an admin look, join on purpose (audited, announced), then read', async () => {
    const c = await cast();
    const before = await t.request('GET', `/api/conversations/${c.conversationId}`, { token: c.admin.token });
    expect(before.status).toBe(200);
    expect(before.body.isParticipant).toBe(false);
    expect(await historyStatus(c.conversationId, c.admin)).toBe(404);

    const client = await open(c.client.token);
    const announced = nextEvent(client, 'message:new', (m) => m.kind === 'system');
    const joined = await t.request('POST', `/api/conversations/${c.conversationId}/join`, {
      token: c.admin.token,
    });
    expect(joined.status).toBe(200);
    expect(joined.body.isParticipant).toBe(true);
    expect((await announced).body).toContain('a rejoint la conversation');
    const audit = await t.db
      .selectFrom('auditLog')
      .selectAll()
      .where('entityId', '=', c.conversationId)
      .where('action', '=', 'conversation.admin_joined')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorId).toBe(c.admin.user.id);
    expect(await historyStatus(c.conversationId, c.admin)).toBe(200);
    // Only admins join.
    const refused = await t.request('POST', `/api/conversations/${c.conversationId}/join`, {
      token: c.outsider.token,
    });
    expect(refused.status).toBe(403);
  });
});

describe('dossier conversations, continued', () => {
  it('take in a colleague of the client company on first visit', async () => {
    const c = await cast();
    const colleagueEmail = `collegue.${randomUUID().slice(0, 8)}@test.fr`;
    const at = t.clock.now();
    await usersRepo.insertUser(t.db, {
      id: uuidv7(at.getTime()),
      email: colleagueEmail,
      passwordHash: await hashPassword(PASSWORD),
      role: 'client',
      status: 'active',
      statusReason: null,
      firstName: 'Camille',
      lastName: 'Collègue',
      companyId: c.client.user.company!.id,
      createdAt: at,
      updatedAt: at,
    });
    const colleague = await login(t, colleagueEmail);
    // Same company, same dossier: they read it (and are now a participant).
    expect(await historyStatus(c.conversationId, colleague)).toBe(200);
    const conversation = await t.request('GET', `/api/dossiers/${c.dossierId}/conversation`, {
      token: colleague.token,
    });
    expect(conversation.body.id).toBe(c.conversationId);
    expect(conversation.body.participants.map((p: { id: string }) => p.id)).toContain(colleague.user.id);
  });

  it('carry the system messages other modules post', async () => {
    const c = await cast();
    const socket = await open(c.client.token);
    const system = nextEvent(socket, 'message:new');
    await t.app.services.messaging.conversations.postDossierSystemMessage(
      c.dossierId,
      c.client.user.company!.id,
      c.expert.user.id,
      'Document validé : Kbis',
    );
    expect(await system).toMatchObject({ kind: 'system', sender: null, body: 'Document validé : Kbis' });
    const unread = await t.request('GET', '/api/conversations/unread', { token: c.client.token });
    expect(unread.body.total).toBeGreaterThanOrEqual(1);
  });
});

describe('reassignment', () => {
  it('moves the dossier conversation to the new expert on reassignment', async () => {
    const { c, client, expert: oldExpert } = await conversation();
    const res = await t.request('POST', `/api/admin/dossiers/${c.dossierId}/assign`, {
      token: c.admin.token,
      body: { expertId: c.otherExpert.user.id, reason: 'Expert indisponible' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await eventually(async () => expect(await historyStatus(c.conversationId, c.otherExpert)).toBe(200));
    expect(await historyStatus(c.conversationId, c.expert)).toBe(404);
    const leaked = collect(oldExpert, 'message:new');
    await emitSend(client, c.conversationId, 'pour le nouvel expert');
    await sleep(150);
    expect(leaked).toEqual([]);
  });
});

describe('direct conversations', () => {
  /** `from` asks for a direct conversation with `to`. */
  const startDirect = (from: Session, to: Session) =>
    t.request('POST', '/api/conversations', { token: from.token, body: { userId: to.user.id } });

  it('connect a client with an expert once per pair, live for both at once', async () => {
    const c = await cast();
    const expertSocket = await open(c.otherExpert.token);
    const announced = nextEvent(expertSocket, 'conversation:new');
    const created = await startDirect(c.client, c.otherExpert);
    expect(created.status).toBe(201);
    expect(created.body.kind).toBe('direct');
    expect((await announced).id).toBe(created.body.id);
    const same = await startDirect(c.otherExpert, c.client);
    expect(same.status).toBe(200);
    expect(same.body.id).toBe(created.body.id);
    // The expert's socket joined the new room: messages arrive live.
    const live = nextEvent(expertSocket, 'message:new');
    const client = await open(c.client.token);
    await emitSend(client, created.body.id, 'Bonjour, êtes-vous disponible ?');
    expect((await live).body).toBe('Bonjour, êtes-vous disponible ?');
  });

  it('refuse pairs other than a client with an expert, or an admin with anyone', async () => {
    const c = await cast();
    const clientToClient = await startDirect(c.client, c.outsider);
    expect(clientToClient.status).toBe(403);
    const expertToClient = await startDirect(c.expert, c.outsider);
    expect(expertToClient.status).toBe(403);
    const admin = await startDirect(c.admin, c.outsider);
    expect(admin.status).toBe(201);
  });

  it('refuse a conversation with oneself', async () => {
    const c = await cast();
    const res = await startDirect(c.client, c.client);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('CONVERSATION_WITH_SELF');
  });

  it('refuse a conversation with an account that is not active', async () => {
    const c = await cast();
    const pending = await registerExpert(t);
    const res = await startDirect(c.client, pending);
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('CONVERSATION_PARTNER_UNAVAILABLE');
  });
});
