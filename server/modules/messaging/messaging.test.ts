import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGE_MAX_CHARS } from '../../../common/messaging.ts';
import { login, PASSWORD, registerClient } from '../../../tests/support/factories.ts';
import { startTestApp, type TestApp, type TestResponse } from '../../../tests/support/test-app.ts';
import { uuidv7 } from '../../platform/ids.ts';
import { hashPassword } from '../../platform/passwords.ts';
import { usersRepo } from '../users/users.repo.ts';
import { messagingRepo } from './messaging.repo.ts';
import {
  type ClientSocket,
  collect,
  connect,
  dossierWithExpert,
  emitSend,
  eventually,
  nextEvent,
  sleep,
} from './messaging-test-kit.ts';

const MAX_UPLOAD = 64 * 1024;
let t: TestApp;
let dataDir: string;
const sockets: ClientSocket[] = [];

async function open(token: string): Promise<ClientSocket> {
  const socket = await connect(t.baseUrl, token);
  sockets.push(socket);
  return socket;
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'ft-messaging-'));
  t = await startTestApp({ dataDir, attachmentMaxBytes: MAX_UPLOAD });
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await t?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

async function upload(
  token: string,
  conversationId: string,
  bytes: Buffer,
  filename: string,
  type = 'application/octet-stream',
) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename);
  const res = await fetch(`${t.baseUrl}/api/conversations/${conversationId}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: res.status, body: (await res.json()) as any };
}

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
    const c = await dossierWithExpert(t);
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
    const c = await dossierWithExpert(t);
    const before = await t.request('GET', `/api/conversations/${c.conversationId}`, { token: c.admin.token });
    expect(before.status).toBe(200);
    expect(before.body.isParticipant).toBe(false);
    const history = await t.request('GET', `/api/conversations/${c.conversationId}/messages`, {
      token: c.admin.token,
    });
    expect(history.status).toBe(404);

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
    const after = await t.request('GET', `/api/conversations/${c.conversationId}/messages`, {
      token: c.admin.token,
    });
    expect(after.status).toBe(200);
    // Only admins join.
    const refused = await t.request('POST', `/api/conversations/${c.conversationId}/join`, {
      token: c.outsider.token,
    });
    expect(refused.status).toBe(403);
  });
});

describe('dossier conversations, continued', () => {
  it('take in a colleague of the client company on first visit, and carry system messages', async () => {
    const c = await dossierWithExpert(t);
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
    const before = await t.request('GET', `/api/conversations/${c.conversationId}/messages`, {
      token: colleague.token,
    });
    // Same company, same dossier: they read it (and are now a participant).
    expect(before.status).toBe(200);
    const conversation = await t.request('GET', `/api/dossiers/${c.dossierId}/conversation`, {
      token: colleague.token,
    });
    expect(conversation.body.id).toBe(c.conversationId);
    expect(conversation.body.participants.map((p: { id: string }) => p.id)).toContain(colleague.user.id);

    const socket = await open(colleague.token);
    const system = nextEvent(socket, 'message:new');
    await t.app.services.messaging.postDossierSystemMessage(
      c.dossierId,
      c.client.user.company!.id,
      c.expert.user.id,
      'Document validé : Kbis',
    );
    expect(await system).toMatchObject({ kind: 'system', sender: null, body: 'Document validé : Kbis' });
    const unread = await t.request('GET', '/api/conversations/unread', { token: colleague.token });
    expect(unread.body.total).toBeGreaterThanOrEqual(1);
  });

  it('forwards marketplace events to the company and the expert concerned', async () => {
    const c = await dossierWithExpert(t);
    const [client, expert, outsider] = await Promise.all([
      open(c.client.token),
      open(c.expert.token),
      open(c.outsider.token),
    ]);
    const leaked = collect(outsider, 'expert_request:updated');
    const atClient = nextEvent(client, 'expert_request:updated');
    const atExpert = nextEvent(expert, 'expert_request:updated');
    const requestId = randomUUID();
    t.app.services.events.publish('expert_request.accepted', {
      requestId,
      dossierId: c.dossierId,
      expertId: c.expert.user.id,
      companyId: c.client.user.company!.id,
      actorId: c.expert.user.id,
      at: t.clock.now(),
    });
    expect(await atClient).toMatchObject({ requestId, state: 'accepted', dossierId: c.dossierId });
    expect((await atExpert).requestId).toBe(requestId);
    await sleep(100);
    expect(leaked).toEqual([]);
  });
});

describe('sending', () => {
  it('delivers to every participant socket (all tabs) and to nobody else, after an ack with id, seq and time', async () => {
    const c = await dossierWithExpert(t);
    const [clientTab1, clientTab2, expert, outsider, otherExpert] = await Promise.all([
      open(c.client.token),
      open(c.client.token),
      open(c.expert.token),
      open(c.outsider.token),
      open(c.otherExpert.token),
    ]);
    const seenByOutsiders = [...collect(outsider, 'message:new'), ...collect(otherExpert, 'message:new')];
    const outsiderMessages = collect(outsider, 'message:new');
    const otherExpertMessages = collect(otherExpert, 'message:new');
    const senderCopies = collect(clientTab1, 'message:new');
    const atExpert = nextEvent(expert, 'message:new');
    const atOtherTab = nextEvent(clientTab2, 'message:new');

    const ack = await emitSend(clientTab1, c.conversationId, 'Bonjour, voici mes factures de gazole.');
    expect(ack.error).toBeUndefined();
    expect(ack).toMatchObject({ seq: 1, duplicate: false });
    expect(ack.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(ack.createdAt))).toBe(false);

    const received = await atExpert;
    expect(received).toMatchObject({
      id: ack.id,
      seq: 1,
      conversationId: c.conversationId,
      kind: 'text',
      body: 'Bonjour, voici mes factures de gazole.',
      sender: { id: c.client.user.id, role: 'client' },
    });
    expect((await atOtherTab).id).toBe(ack.id);

    // A message sent over REST reaches every socket, the author's included.
    const viaRest = nextEvent(clientTab1, 'message:new');
    const rest = await t.request('POST', `/api/conversations/${c.conversationId}/messages`, {
      token: c.expert.token,
      body: { clientKey: randomUUID(), body: 'Bien reçu.' },
    });
    expect(rest.status).toBe(201);
    expect(rest.body.message.seq).toBe(2);
    expect((await viaRest).id).toBe(rest.body.message.id);

    await sleep(200);
    expect(outsiderMessages).toEqual([]);
    expect(otherExpertMessages).toEqual([]);
    expect(seenByOutsiders).toEqual([]);
    // The sending socket has its ack; it gets no copy of its own message.
    expect(senderCopies.filter((m) => m.id === ack.id)).toEqual([]);
  });

  it('never creates a duplicate when the same idempotency key is retried', async () => {
    const c = await dossierWithExpert(t);
    const [client, expert] = await Promise.all([open(c.client.token), open(c.expert.token)]);
    const atExpert = collect(expert, 'message:new');
    const key = randomUUID();
    const first = await emitSend(client, c.conversationId, 'Une seule fois', key);
    const retries = await Promise.all([
      emitSend(client, c.conversationId, 'Une seule fois', key),
      emitSend(client, c.conversationId, 'Une seule fois', key),
    ]);
    for (const retry of retries)
      expect(retry).toMatchObject({ id: first.id, seq: first.seq, duplicate: true });
    const rest = await t.request('POST', `/api/conversations/${c.conversationId}/messages`, {
      token: c.client.token,
      body: { clientKey: key, body: 'Une seule fois' },
    });
    expect(rest.status).toBe(200);
    expect(rest.body).toMatchObject({ duplicate: true, message: { id: first.id, seq: first.seq } });
    // The same key from someone else is their own message.
    const fromExpert = await emitSend(expert, c.conversationId, 'Moi aussi', key);
    expect(fromExpert).toMatchObject({ seq: 2, duplicate: false });

    const history = await t.request('GET', `/api/conversations/${c.conversationId}/messages`, {
      token: c.client.token,
    });
    expect(history.body.items.map((m: { seq: number }) => m.seq)).toEqual([1, 2]);
    await sleep(150);
    expect(atExpert.filter((m) => m.id === first.id)).toHaveLength(1);
  });

  it('gives concurrent senders one gap-free order that every reader sees', async () => {
    const c = await dossierWithExpert(t);
    const [client, expert, watcher] = await Promise.all([
      open(c.client.token),
      open(c.expert.token),
      open(c.client.token),
    ]);
    const seen = collect(watcher, 'message:new');
    const N = 25;
    const acks = await Promise.all([
      ...Array.from({ length: N }, (_, i) => emitSend(client, c.conversationId, `client ${i}`)),
      ...Array.from({ length: N }, (_, i) => emitSend(expert, c.conversationId, `expert ${i}`)),
    ]);
    const seqs = acks.map((a) => a.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 2 * N }, (_, i) => i + 1));
    // Each author's messages keep the order they were sent in.
    const clientSeqs = acks.slice(0, N).map((a) => a.seq);
    expect(clientSeqs).toEqual([...clientSeqs].sort((a, b) => a - b));

    // The watcher (another tab of the client) receives the expert's messages in sequence order.
    await eventually(() => expect(seen.filter((m) => m.sender?.role === 'expert')).toHaveLength(N));
    const expertSeqs = seen.filter((m) => m.sender?.role === 'expert').map((m) => m.seq);
    expect(expertSeqs).toEqual([...expertSeqs].sort((a, b) => a - b));

    const history = await t.request('GET', `/api/conversations/${c.conversationId}/messages?limit=200`, {
      token: c.expert.token,
    });
    expect(history.body.items.map((m: { seq: number }) => m.seq)).toEqual(
      Array.from({ length: 2 * N }, (_, i) => i + 1),
    );
  });
});

describe('reading', () => {
  it('counts unread per conversation and in total, and broadcasts read receipts', async () => {
    const c = await dossierWithExpert(t);
    const [client, clientOtherTab, expert] = await Promise.all([
      open(c.client.token),
      open(c.client.token),
      open(c.expert.token),
    ]);
    for (const body of ['Un', 'Deux', 'Trois']) await emitSend(expert, c.conversationId, body);

    const list = await t.request('GET', '/api/conversations', { token: c.client.token });
    const item = list.body.items.find((i: { id: string }) => i.id === c.conversationId);
    expect(item.unreadCount).toBe(3);
    expect(item.lastMessage.body).toBe('Trois');
    expect(list.body.unreadTotal).toBe(3);
    const unread = await t.request('GET', '/api/conversations/unread', { token: c.client.token });
    expect(unread.body).toEqual({
      total: 3,
      conversations: [{ conversationId: c.conversationId, unread: 3 }],
    });
    // Their own messages are never unread for the author.
    const mine = await t.request('GET', '/api/conversations/unread', { token: c.expert.token });
    expect(mine.body.total).toBe(0);

    const receipt = nextEvent(expert, 'message:read');
    const otherTab = nextEvent(clientOtherTab, 'unread');
    const ack = await client
      .timeout(4000)
      .emitWithAck('message:read', { conversationId: c.conversationId, seq: 2 });
    expect(ack).toMatchObject({ lastReadSeq: 2, unread: 1, unreadTotal: 1 });
    expect(await receipt).toMatchObject({
      conversationId: c.conversationId,
      userId: c.client.user.id,
      seq: 2,
    });
    expect(await otherTab).toEqual({ conversationId: c.conversationId, unread: 1, unreadTotal: 1 });

    // The pointer never moves back, nor beyond the last message.
    const back = await t.request('POST', `/api/conversations/${c.conversationId}/read`, {
      token: c.client.token,
      body: { seq: 1 },
    });
    expect(back.body.lastReadSeq).toBe(2);
    const far = await t.request('POST', `/api/conversations/${c.conversationId}/read`, {
      token: c.client.token,
      body: { seq: 1000 },
    });
    expect(far.body).toMatchObject({ lastReadSeq: 3, unread: 0, unreadTotal: 0 });
    const participants = await t.request('GET', `/api/conversations/${c.conversationId}`, {
      token: c.expert.token,
    });
    expect(
      participants.body.participants.find((p: { id: string }) => p.id === c.client.user.id).lastReadSeq,
    ).toBe(3);
  });

  it('gives a reconnecting client exactly the messages it missed', async () => {
    const c = await dossierWithExpert(t);
    const client = await open(c.client.token);
    let expert = await open(c.expert.token);
    await emitSend(client, c.conversationId, 'avant la coupure');
    const lastSeen = 1;
    expert.close();
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, i) => emitSend(client, c.conversationId, `pendant la coupure ${i}`)),
    );
    expect(burst.every((a) => !a.error)).toBe(true);
    expert = await open(c.expert.token);
    const live = collect(expert, 'message:new');

    const missed: { seq: number; id: string }[] = [];
    let after = lastSeen;
    for (;;) {
      const page = await t.request(
        'GET',
        `/api/conversations/${c.conversationId}/messages?afterSeq=${after}&limit=12`,
        {
          token: c.expert.token,
        },
      );
      expect(page.status).toBe(200);
      missed.push(...page.body.items);
      if (!page.body.hasMore) break;
      after = page.body.items.at(-1).seq;
    }
    expect(missed.map((m) => m.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 2));
    expect(new Set(missed.map((m) => m.id)).size).toBe(30);
    expect(missed.map((m) => m.id).sort()).toEqual(burst.map((a) => a.id).sort());

    // And the socket is live again.
    const next = await emitSend(client, c.conversationId, 'de retour');
    await eventually(() => expect(live.map((m) => m.id)).toEqual([next.id]));

    // History pages backwards by sequence.
    const newest = await t.request('GET', `/api/conversations/${c.conversationId}/messages?limit=10`, {
      token: c.expert.token,
    });
    expect(newest.body.items.map((m: { seq: number }) => m.seq)).toEqual(
      Array.from({ length: 10 }, (_, i) => i + 23),
    );
    const older = await t.request(
      'GET',
      `/api/conversations/${c.conversationId}/messages?limit=10&before=${newest.body.nextCursor}`,
      { token: c.expert.token },
    );
    expect(older.body.items.map((m: { seq: number }) => m.seq)).toEqual(
      Array.from({ length: 10 }, (_, i) => i + 13),
    );
  });
});

describe('access', () => {
  it('refuses non-participants history, sending, reading, search, attachments and socket rooms', async () => {
    const c = await dossierWithExpert(t);
    const client = await open(c.client.token);
    await emitSend(client, c.conversationId, 'Confidentiel : chiffre d’affaires 2025');
    const uploaded = await upload(c.client.token, c.conversationId, PNG, 'kbis.png');
    expect(uploaded.status).toBe(201);
    await emitSend(client, c.conversationId, 'pièce jointe');
    await t.request('POST', `/api/conversations/${c.conversationId}/messages`, {
      token: c.client.token,
      body: { clientKey: randomUUID(), body: 'avec fichier', attachmentIds: [uploaded.body.id] },
    });

    for (const stranger of [c.outsider, c.otherExpert]) {
      const token = stranger.token;
      const checks = [
        await t.request('GET', `/api/conversations/${c.conversationId}`, { token }),
        await t.request('GET', `/api/conversations/${c.conversationId}/messages`, { token }),
        await t.request('GET', `/api/conversations/${c.conversationId}/messages?afterSeq=0`, { token }),
        await t.request('POST', `/api/conversations/${c.conversationId}/messages`, {
          token,
          body: { clientKey: randomUUID(), body: 'intrusion' },
        }),
        await t.request('POST', `/api/conversations/${c.conversationId}/read`, { token, body: { seq: 1 } }),
        await t.request('GET', `/api/attachments/${uploaded.body.id}`, { token }),
        await t.request('GET', `/api/dossiers/${c.dossierId}/conversation`, { token }),
      ];
      for (const res of checks) {
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('NOT_FOUND');
      }
      const up = await upload(token, c.conversationId, PNG, 'x.png');
      expect(up.status).toBe(404);
      const search = await t.request('GET', '/api/messages/search?q=confidentiel', { token });
      expect(search.body.items).toEqual([]);
      const scoped = await t.request(
        'GET',
        `/api/messages/search?q=confidentiel&conversationId=${c.conversationId}`,
        {
          token,
        },
      );
      expect(scoped.body.items).toEqual([]);

      const socket = await open(token);
      const leaked = collect(socket, 'message:new');
      const join = await socket
        .timeout(4000)
        .emitWithAck('conversation:join', { conversationId: c.conversationId });
      expect(join).toEqual({ error: { code: 'NOT_FOUND', message: 'Conversation introuvable' } });
      const send = await emitSend(socket, c.conversationId, 'intrusion');
      expect(send.error?.code).toBe('NOT_FOUND');
      socket.emit('typing', { conversationId: c.conversationId, isTyping: true });
      await emitSend(client, c.conversationId, 'toujours privé');
      await sleep(150);
      expect(leaked).toEqual([]);
    }
    // Unauthenticated callers are refused before anything else.
    const anonymous = await t.request('GET', `/api/conversations/${c.conversationId}/messages`);
    expect(anonymous.status).toBe(401);
  });

  it('refuses an expired, invalid or missing token at the handshake', async () => {
    const c = await dossierWithExpert(t);
    const missing = await connect(t.baseUrl, undefined).catch((e) => e);
    expect(missing.data).toMatchObject({ code: 'UNAUTHENTICATED' });
    const forged = await connect(t.baseUrl, `${c.client.token.slice(0, -4)}AAAA`).catch((e) => e);
    expect(forged.data).toMatchObject({ code: 'UNAUTHENTICATED' });

    const token = await t.app.services.tokens.signAccess(
      { sub: c.client.user.id, role: 'client' },
      t.clock.now(),
    );
    const ok = await open(token);
    expect(ok.connected).toBe(true);
    t.clock.advance(16 * 60 * 1000);
    try {
      const expired = await connect(t.baseUrl, token).catch((e) => e);
      expect(expired).toBeInstanceOf(Error);
      expect(expired.data).toMatchObject({ code: 'TOKEN_EXPIRED' });
    } finally {
      t.clock.advance(-16 * 60 * 1000);
    }
  });

  it('disconnects a suspended user at once and refuses them afterwards', async () => {
    const c = await dossierWithExpert(t);
    const [tab1, tab2] = await Promise.all([open(c.expert.token), open(c.expert.token)]);
    const client = await open(c.client.token);
    const gone = Promise.all([
      new Promise<string>((r) => tab1.once('disconnect', r)),
      new Promise<string>((r) => tab2.once('disconnect', r)),
    ]);
    const res = await t.request('POST', `/api/admin/users/${c.expert.user.id}/suspend`, {
      token: c.admin.token,
      body: { reason: 'Fraude' },
    });
    expect(res.status).toBe(200);
    expect(await gone).toEqual(['io server disconnect', 'io server disconnect']);
    expect(client.connected).toBe(true);
    const again = await connect(t.baseUrl, c.expert.token).catch((e) => e);
    expect(again.data).toMatchObject({ code: 'ACCOUNT_SUSPENDED' });
  });
});

describe('input', () => {
  it('refuses oversized and malformed messages with the error shape, and keeps markup as plain text', async () => {
    const c = await dossierWithExpert(t);
    const client = await open(c.client.token);
    const url = `/api/conversations/${c.conversationId}/messages`;
    const tooLong = 'é'.repeat(MESSAGE_MAX_CHARS + 1);
    const cases = [
      { clientKey: randomUUID(), body: tooLong },
      { clientKey: randomUUID(), body: '   ' },
      { clientKey: randomUUID(), body: 'nul\u0000byte' },
      { clientKey: 'bad key with spaces', body: 'x' },
      { body: 'sans clé' },
      { clientKey: randomUUID(), body: 'x', attachmentIds: ['not-a-uuid'] },
    ];
    for (const body of cases) {
      const res = await t.request('POST', url, { token: c.client.token, body });
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'VALIDATION_ERROR', message: expect.any(String) });
    }
    const viaSocket = await emitSend(client, c.conversationId, tooLong);
    expect(viaSocket.error?.code).toBe('VALIDATION_ERROR');
    const garbage = await client.timeout(4000).emitWithAck('message:send', 'not an object' as never);
    expect((garbage as { error: { code: string } }).error.code).toBe('VALIDATION_ERROR');
    const badId = await t.request('GET', '/api/conversations/not-a-uuid/messages', { token: c.client.token });
    expect(badId.status).toBe(400);
    const exactMax = await emitSend(client, c.conversationId, 'a'.repeat(MESSAGE_MAX_CHARS));
    expect(exactMax.error).toBeUndefined();
    // Someone else's upload cannot be attached.
    const theirs = await upload(c.expert.token, c.conversationId, PNG, 'a.png');
    const stolen = await t.request('POST', url, {
      token: c.client.token,
      body: { clientKey: randomUUID(), body: 'à moi', attachmentIds: [theirs.body.id] },
    });
    expect(stolen.status).toBe(422);

    const markup = '<img src=x onerror=alert(1)><script>alert("x")</script> **gras**';
    const sent = await emitSend(client, c.conversationId, markup);
    const history = await t.request('GET', `${url}?afterSeq=${sent.seq - 1}`, { token: c.client.token });
    expect(history.headers.get('content-type')).toContain('application/json');
    expect(history.body.items[0].body).toBe(markup);
  });

  it('refuses a socket that floods faster than its messages are stored', async () => {
    const c = await dossierWithExpert(t);
    const client = await open(c.client.token);
    const acks = await Promise.all(
      Array.from({ length: 120 }, (_, i) => emitSend(client, c.conversationId, `rafale ${i}`)),
    );
    const refused = acks.filter((a) => a.error?.code === 'RATE_LIMITED');
    const stored = acks.filter((a) => !a.error);
    expect(refused.length).toBeGreaterThan(0);
    expect(stored.length).toBeGreaterThanOrEqual(50);
    expect(stored.length + refused.length).toBe(120);
    // What was accepted is all there, in order, without gaps.
    expect(stored.map((a) => a.seq).sort((x, y) => x - y)).toEqual(
      Array.from({ length: stored.length }, (_, i) => i + 1),
    );
  });

  it('edits within 15 minutes keeping the history, then refuses; deletes softly', async () => {
    const c = await dossierWithExpert(t);
    const [client, expert] = await Promise.all([open(c.client.token), open(c.expert.token)]);
    const sent = await emitSend(client, c.conversationId, 'Montant : 12 000 €');
    const updated = nextEvent(expert, 'message:updated');
    const edit = await t.request('PATCH', `/api/messages/${sent.id}`, {
      token: c.client.token,
      body: { body: 'Montant : 21 000 €' },
    });
    expect(edit.status).toBe(200);
    expect(edit.body).toMatchObject({ body: 'Montant : 21 000 €', seq: sent.seq });
    expect(edit.body.editedAt).not.toBeNull();
    expect((await updated).body).toBe('Montant : 21 000 €');
    const notMine = await t.request('PATCH', `/api/messages/${sent.id}`, {
      token: c.expert.token,
      body: { body: 'falsifié' },
    });
    expect(notMine.status).toBe(403);
    const history = await t.request('GET', `/api/messages/${sent.id}/edits`, { token: c.expert.token });
    expect(history.body.map((e: { previousBody: string }) => e.previousBody)).toEqual(['Montant : 12 000 €']);

    // Sent 15 minutes and a second ago (the clock stays: access tokens live 15 minutes too).
    await t.db
      .updateTable('messages')
      .set({ createdAt: new Date(t.clock.now().getTime() - 15 * 60 * 1000 - 1000) })
      .where('id', '=', sent.id)
      .execute();
    const late = await t.request('PATCH', `/api/messages/${sent.id}`, {
      token: c.client.token,
      body: { body: 'trop tard' },
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('MESSAGE_EDIT_WINDOW_CLOSED');

    const deleted = nextEvent(expert, 'message:deleted');
    const del = await t.request('DELETE', `/api/messages/${sent.id}`, { token: c.client.token });
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ body: '', id: sent.id });
    expect(del.body.deletedAt).not.toBeNull();
    expect((await deleted).id).toBe(sent.id);
    const page = await t.request('GET', `/api/conversations/${c.conversationId}/messages`, {
      token: c.expert.token,
    });
    expect(page.body.items.find((m: { id: string }) => m.id === sent.id).body).toBe('');
    const search = await t.request('GET', '/api/messages/search?q=montant', { token: c.expert.token });
    expect(search.body.items).toEqual([]);
  });
});

describe('search', () => {
  it('finds French words whatever their accents or endings, in the user’s conversations only, with snippets', async () => {
    const c = await dossierWithExpert(t);
    const client = await open(c.client.token);
    const expert = await open(c.expert.token);
    await emitSend(client, c.conversationId, 'La trésorerie attend le remboursement de la TICPE.');
    await emitSend(expert, c.conversationId, 'Les factures réglées sont validées, merci.');
    await emitSend(expert, c.conversationId, 'Rien à voir ici.');
    // Someone else's conversation with the same words.
    const other = await dossierWithExpert(t);
    const otherSocket = await open(other.client.token);
    await emitSend(otherSocket, other.conversationId, 'Notre trésorerie est tendue.');

    const q = async (query: string, token = c.client.token) =>
      (await t.request('GET', `/api/messages/search?${query}`, { token })).body;

    const unaccented = await q('q=tresorerie');
    expect(unaccented.items).toHaveLength(1);
    expect(unaccented.items[0].snippet).toContain('[[trésorerie]]');
    expect(unaccented.items[0].conversation).toEqual({ id: c.conversationId, kind: 'dossier' });
    const inflected = await q('q=facture%20valide');
    expect(inflected.items.map((i: { message: { body: string } }) => i.message.body)).toEqual([
      'Les factures réglées sont validées, merci.',
    ]);
    expect((await q(`q=tresorerie&senderId=${c.expert.user.id}`)).items).toEqual([]);
    expect((await q(`q=factures&senderId=${c.expert.user.id}`)).items).toHaveLength(1);
    const future = new Date(t.clock.now().getTime() + 3600_000).toISOString();
    expect((await q(`q=factures&from=${future}`)).items).toEqual([]);
    expect((await q(`q=factures&to=${future}`)).items).toHaveLength(1);
    expect((await q('q=factures&hasAttachment=true')).items).toEqual([]);
    const tooShort = await t.request('GET', '/api/messages/search?q=a', { token: c.client.token });
    expect(tooShort.status).toBe(400);
    // Injection attempts are just words.
    expect((await q(`q=${encodeURIComponent("') OR 1=1 --")}`)).items).toEqual([]);
  });
});

describe('search over many conversations', () => {
  it('finds common and rare words alike, newest first, and knows which words are common', async () => {
    const { admin } = await dossierWithExpert(t);
    const conversations: string[] = [];
    for (let i = 0; i < 22; i++) {
      const someone = await registerClient(t);
      const created = await t.request('POST', '/api/conversations', {
        token: admin.token,
        body: { userId: someone.user.id },
      });
      expect(created.status).toBeLessThan(300);
      conversations.push(created.body.id);
    }
    const say = async (conversationId: string, body: string) => {
      t.clock.advance(1000);
      const sent = await t.request('POST', `/api/conversations/${conversationId}/messages`, {
        token: admin.token,
        body: { clientKey: randomUUID(), body },
      });
      expect(sent.status).toBe(201);
      return sent.body.message.id as string;
    };
    const withInvoice: string[] = [];
    for (const [i, conversationId] of conversations.entries()) {
      withInvoice.push(await say(conversationId, `Facture numéro ${i} reçue`));
      await say(conversationId, 'Bonjour, rien de neuf');
    }
    const rare = await say(conversations[3]!, 'Le zéphyr a soufflé sur le dossier');
    await sql`ANALYZE messages`.execute(t.db);

    const all = async (q: string) => {
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page: TestResponse<{ items: { message: { id: string } }[]; nextCursor: string | null }> =
          await t.request(
            'GET',
            `/api/messages/search?q=${encodeURIComponent(q)}&limit=5${cursor ? `&cursor=${cursor}` : ''}`,
            { token: admin.token },
          );
        expect(page.status).toBe(200);
        ids.push(...page.body.items.map((i) => i.message.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      return ids;
    };
    expect(await all('factures')).toEqual([...withInvoice].reverse());
    expect(await all('zephyr')).toEqual([rare]);

    // Statistics say how many messages of the scope hold the words: a word they do not list is rare.
    const expected = (q: string) => messagingRepo.expectedMatches(t.db, q, conversations);
    const invoices = await expected('facture');
    expect(invoices).toBeGreaterThan(0);
    expect(await messagingRepo.expectedMatches(t.db, 'facture', conversations.slice(0, 2))).toBeLessThan(
      invoices,
    );
    expect(await expected('facture bonjour')).toBeLessThan(invoices);
    expect(await expected('introuvable')).toBe(0);
  });
});

describe('attachments', () => {
  it('stream to storage, are typed by content, carried by a message and downloadable by participants', async () => {
    const c = await dossierWithExpert(t);
    const expert = await open(c.expert.token);
    const up = await upload(c.client.token, c.conversationId, PNG, 'carte grise.pdf', 'application/pdf');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({
      filename: 'carte grise.pdf',
      mimeType: 'image/png',
      sizeBytes: PNG.length,
    });
    // Not yet sent: only its uploader can fetch it.
    expect((await t.request('GET', `/api/attachments/${up.body.id}`, { token: c.expert.token })).status).toBe(
      404,
    );

    const arrives = nextEvent(expert, 'message:new');
    const sent = await t.request('POST', `/api/conversations/${c.conversationId}/messages`, {
      token: c.client.token,
      body: { clientKey: randomUUID(), body: '', attachmentIds: [up.body.id] },
    });
    expect(sent.status).toBe(201);
    expect((await arrives).attachments).toEqual([up.body]);
    const res = await fetch(`${t.baseUrl}/api/attachments/${up.body.id}`, {
      headers: { authorization: `Bearer ${c.expert.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toContain('attachment;');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(PNG);
    // It cannot be sent twice.
    const again = await t.request('POST', `/api/conversations/${c.conversationId}/messages`, {
      token: c.client.token,
      body: { clientKey: randomUUID(), body: 'encore', attachmentIds: [up.body.id] },
    });
    expect(again.status).toBe(422);
    const search = await t.request('GET', '/api/messages/search?q=encore&hasAttachment=false', {
      token: c.client.token,
    });
    expect(search.body.items).toEqual([]);

    const text = await upload(
      c.client.token,
      c.conversationId,
      Buffer.from('date;montant\n2025-01-01;12,50\n'),
      'releve.csv',
    );
    expect(text.body.mimeType).toBe('text/csv');
  });

  it('removes uploads that no message carried, with their files', async () => {
    const c = await dossierWithExpert(t);
    const kept = await upload(c.client.token, c.conversationId, PNG, 'envoyé.png');
    await t.request('POST', `/api/conversations/${c.conversationId}/messages`, {
      token: c.client.token,
      body: { clientKey: randomUUID(), body: 'voici', attachmentIds: [kept.body.id] },
    });
    const abandoned = await upload(c.client.token, c.conversationId, PNG, 'brouillon.png');
    const row = await t.db
      .selectFrom('attachments')
      .select('storageKey')
      .where('id', '=', abandoned.body.id)
      .executeTakeFirstOrThrow();
    const purged = await t.app.services.messaging.purgeUnsentAttachments(new Date(Date.now() + 60_000));
    expect(purged).toBeGreaterThanOrEqual(1);
    await expect(t.app.services.storage.get(row.storageKey)).rejects.toMatchObject({ status: 404 });
    const left = await t.db
      .selectFrom('attachments')
      .select('id')
      .where('conversationId', '=', c.conversationId)
      .execute();
    expect(left.map((a) => a.id)).toEqual([kept.body.id]);
    const download = await t.request('GET', `/api/attachments/${kept.body.id}`, { token: c.expert.token });
    expect(download.status).toBe(200);
  });

  it('refuses files over the limit (413) and types outside the allow-list whatever their name (415)', async () => {
    const c = await dossierWithExpert(t);
    const big = Buffer.alloc(MAX_UPLOAD + 10, 0x41);
    const tooBig = await upload(c.client.token, c.conversationId, big, 'gros.txt');
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const exe = Buffer.concat([
      Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff', 'latin1'),
      Buffer.alloc(400),
    ]);
    const disguised = await upload(c.client.token, c.conversationId, exe, 'facture.pdf', 'application/pdf');
    expect(disguised.status).toBe(415);
    expect(disguised.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200)]);
    expect((await upload(c.client.token, c.conversationId, zip, 'archive.docx')).status).toBe(415);
    const binary = Buffer.from([0x00, 0x01, 0x02, 0x03, 0xfe, 0xff, 0x10]);
    expect((await upload(c.client.token, c.conversationId, binary, 'notes.txt')).status).toBe(415);
    const nothingStored = await t.db
      .selectFrom('attachments')
      .select('id')
      .where('conversationId', '=', c.conversationId)
      .execute();
    expect(nothingStored).toEqual([]);
  });
});

describe('live state', () => {
  it('relays typing throttled, ends it on send, and shows presence across tabs', async () => {
    const c = await dossierWithExpert(t);
    const expert = await open(c.expert.token);
    const presence = collect(expert, 'presence');
    const tab1 = await open(c.client.token);
    await eventually(() =>
      expect(presence).toContainEqual({ userId: c.client.user.id, online: true, lastSeenAt: null }),
    );
    const typing = collect(expert, 'typing');
    for (let i = 0; i < 5; i++) tab1.emit('typing', { conversationId: c.conversationId, isTyping: true });
    await eventually(() => expect(typing).toHaveLength(1));
    expect(typing[0]).toEqual({
      conversationId: c.conversationId,
      userId: c.client.user.id,
      isTyping: true,
      expiresInMs: 5000,
    });
    await emitSend(tab1, c.conversationId, 'fini');
    await eventually(() => expect(typing.at(-1)?.isTyping).toBe(false));

    const state = await expert
      .timeout(4000)
      .emitWithAck('presence:query', { userIds: [c.client.user.id, c.outsider.user.id] });
    // Only people they talk with.
    expect(state).toEqual([{ userId: c.client.user.id, online: true, lastSeenAt: null }]);

    const tab2 = await open(c.client.token);
    // A round trip on the new tab: its connection is fully set up.
    await tab2.timeout(4000).emitWithAck('presence:query', { userIds: [] });
    presence.length = 0;
    tab1.close();
    await sleep(300);
    expect(presence.filter((p) => !p.online)).toEqual([]);
    tab2.close();
    await eventually(() =>
      expect(presence.at(-1)).toMatchObject({ userId: c.client.user.id, online: false }),
    );
    expect(presence.at(-1)?.lastSeenAt).toEqual(expect.any(String));
  });

  it('ends a typing indicator by itself', async () => {
    const c = await dossierWithExpert(t);
    const [client, expert] = await Promise.all([open(c.client.token), open(c.expert.token)]);
    // The rooms of a new socket are joined asynchronously: the acknowledged join makes sure the expert listens.
    await expert.emitWithAck('conversation:join', { conversationId: c.conversationId });
    const typing = collect(expert, 'typing');
    client.emit('typing', { conversationId: c.conversationId, isTyping: true });
    await eventually(() => expect(typing).toHaveLength(1));
    await eventually(() => expect(typing.at(-1)?.isTyping).toBe(false), 7000);
  }, 15_000);

  it('forwards dossier changes to the people concerned as dossier:updated', async () => {
    const c = await dossierWithExpert(t);
    const [client, expert, outsider] = await Promise.all([
      open(c.client.token),
      open(c.expert.token),
      open(c.outsider.token),
    ]);
    const leaked = collect(outsider, 'dossier:updated');
    const atClient = nextEvent(client, 'dossier:updated');
    const res = await t.request('POST', `/api/dossiers/${c.dossierId}/transitions`, {
      token: c.expert.token,
      body: { to: 'expert_assigned' },
    });
    expect(res.status).toBe(200);
    expect(await atClient).toMatchObject({
      dossierId: c.dossierId,
      status: 'expert_assigned',
      previousStatus: 'expert_pending',
    });
    void expert;
    await sleep(100);
    expect(leaked).toEqual([]);
  });

  it('moves the dossier conversation to the new expert on reassignment', async () => {
    const c = await dossierWithExpert(t);
    const [client, oldExpert] = await Promise.all([open(c.client.token), open(c.expert.token)]);
    const res = await t.request('POST', `/api/admin/dossiers/${c.dossierId}/assign`, {
      token: c.admin.token,
      body: { expertId: c.otherExpert.user.id },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await eventually(async () => {
      const r = await t.request('GET', `/api/conversations/${c.conversationId}/messages`, {
        token: c.otherExpert.token,
      });
      expect(r.status).toBe(200);
    });
    const removed = await t.request('GET', `/api/conversations/${c.conversationId}/messages`, {
      token: c.expert.token,
    });
    expect(removed.status).toBe(404);
    const leaked = collect(oldExpert, 'message:new');
    await emitSend(client, c.conversationId, 'pour le nouvel expert');
    await sleep(150);
    expect(leaked).toEqual([]);
  });
});

describe('direct conversations', () => {
  it('connect a client with an expert once per pair, and refuse other pairs', async () => {
    const c = await dossierWithExpert(t);
    const expertSocket = await open(c.otherExpert.token);
    const announced = nextEvent(expertSocket, 'conversation:new');
    const created = await t.request('POST', '/api/conversations', {
      token: c.client.token,
      body: { userId: c.otherExpert.user.id },
    });
    expect(created.status).toBe(201);
    expect(created.body.kind).toBe('direct');
    expect((await announced).id).toBe(created.body.id);
    const same = await t.request('POST', '/api/conversations', {
      token: c.otherExpert.token,
      body: { userId: c.client.user.id },
    });
    expect(same.status).toBe(200);
    expect(same.body.id).toBe(created.body.id);
    // The expert's socket joined the new room: messages arrive live.
    const live = nextEvent(expertSocket, 'message:new');
    const client = await open(c.client.token);
    await emitSend(client, created.body.id, 'Bonjour, êtes-vous disponible ?');
    expect((await live).body).toBe('Bonjour, êtes-vous disponible ?');

    const clientToClient = await t.request('POST', '/api/conversations', {
      token: c.client.token,
      body: { userId: c.outsider.user.id },
    });
    expect(clientToClient.status).toBe(403);
    const expertToClient = await t.request('POST', '/api/conversations', {
      token: c.expert.token,
      body: { userId: c.outsider.user.id },
    });
    expect(expertToClient.status).toBe(403);
    const admin = await t.request('POST', '/api/conversations', {
      token: c.admin.token,
      body: { userId: c.outsider.user.id },
    });
    expect(admin.status).toBe(201);
    const late = await registerClient(t);
    expect(late.user.id).toBeDefined();
  });
});
