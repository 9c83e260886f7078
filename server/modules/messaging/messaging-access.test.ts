/** Who may read, write and listen: participants only, authenticated sockets only. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sleep } from '../../../tests/support/waiting.ts';
import { collect, connect, emitSend, messagingTestApp, PNG } from './messaging.factories.ts';

const { t, open, openAll, upload, cast } = messagingTestApp();

describe('access', () => {
  it('refuses non-participants history, sending, reading, search, attachments and socket rooms', async () => {
    const c = await cast();
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
    const c = await cast();
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
    const c = await cast();
    const [tab1, tab2] = await openAll(c.expert.token, c.expert.token);
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
