import { describe, expect, it } from 'vitest';
import { login, PASSWORD, refreshCookie, type Session } from '../../tests/support/factories.ts';
import { sleep } from '../../tests/support/waiting.ts';
import {
  collect,
  connect,
  disconnection,
  emitSend,
  expectLogoutEnds,
  messagingTestApp,
  nextEvent,
} from '../modules/messaging/messaging.factories.ts';
import { RENEW_BEFORE_MS, RENEW_GRACE_MS } from './socket-guard.ts';

const TTL_MS = 900_000;
const { t, open, openAll, cast } = messagingTestApp({ accessTokenTtlSeconds: TTL_MS / 1000 });

/** Moves the app's clock and lets the hub look at every socket's deadline (as its timer does every second). */
const advance = (ms: number) => {
  t.clock.advance(ms);
  t.app.services.realtime.checkDeadlines();
};

/** A fresh access token of the same session, from its refresh cookie (what the client's refresh does). */
async function refreshed(session: Session): Promise<Session> {
  const res = await t.request('POST', '/api/auth/refresh', { cookie: session.cookie });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { ...session, token: res.body.accessToken, cookie: refreshCookie(res.headers) };
}

describe('socket re-authentication', () => {
  it('asks a socket for a fresh token shortly before its token expires', async () => {
    const c = await cast();
    const socket = await open(c.client.token);
    const start = t.clock.now().getTime();
    const asked = collect(socket, 'auth:renew_required');

    advance(TTL_MS - RENEW_BEFORE_MS - 1000);
    await sleep(100);
    expect(asked).toHaveLength(0);

    advance(1000);
    const renew = await nextEvent(socket, 'auth:renew_required');
    expect(renew).toEqual({
      expiresAt: new Date(start + TTL_MS).toISOString(),
      deadline: new Date(start + TTL_MS + RENEW_GRACE_MS).toISOString(),
    });
  });

  it('keeps a socket that sends a fresh token on the open connection, past the first token’s deadline', async () => {
    const c = await cast();
    const socket = await open(c.client.token);
    const id = socket.id;
    const disconnects = collect(socket, 'auth:expired');
    let dropped = false;
    socket.on('disconnect', () => {
      dropped = true;
    });

    advance(TTL_MS - RENEW_BEFORE_MS);
    await nextEvent(socket, 'auth:renew_required');
    const fresh = await refreshed(c.client);
    const ack = await socket.timeout(4000).emitWithAck('auth:renew', { token: fresh.token });
    expect(ack).toEqual({ expiresAt: new Date(t.clock.now().getTime() + TTL_MS).toISOString() });

    // Well past the first token's expiry and grace: still the same connection, sending and receiving.
    advance(RENEW_BEFORE_MS + RENEW_GRACE_MS + 60_000);
    const expertToken = (await login(t, c.expert.user.email, PASSWORD)).token;
    const incoming = nextEvent(socket, 'message:new');
    const posted = await t.request('POST', `/api/conversations/${c.conversationId}/messages`, {
      token: expertToken,
      body: { clientKey: crypto.randomUUID(), body: 'Après le renouvellement', attachmentIds: [] },
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    expect((await incoming).body).toBe('Après le renouvellement');
    const sent = await emitSend(socket, c.conversationId, 'Toujours connecté');
    expect(sent.error).toBeUndefined();
    expect(socket.id).toBe(id);
    expect(dropped).toBe(false);
    expect(disconnects).toHaveLength(0);
  });

  it('disconnects a socket that sent no fresh token by the deadline, saying why', async () => {
    const c = await cast();
    const socket = await open(c.client.token);
    const ended = disconnection(socket);

    advance(TTL_MS + RENEW_GRACE_MS - 1000);
    await sleep(100);
    expect(socket.connected).toBe(true);

    const expired = nextEvent(socket, 'auth:expired');
    advance(1000);
    expect(await expired).toEqual({ code: 'TOKEN_EXPIRED', message: expect.any(String) });
    // A server-side disconnect: the client does not reconnect on its own with the expired token.
    expect(await ended).toBe('io server disconnect');
  });

  it('refuses the events of a socket whose token expired and was not renewed yet', async () => {
    const c = await cast();
    const socket = await open(c.client.token);
    advance(TTL_MS + 1000);

    const refused = await emitSend(socket, c.conversationId, 'Trop tard');
    expect(refused.error?.code).toBe('TOKEN_EXPIRED');
    const history = await t.request('GET', `/api/conversations/${c.conversationId}/messages`, {
      token: (await refreshed(c.client)).token,
    });
    expect(history.body.items).toHaveLength(0);
  });

  it('refuses a fresh token of another session or another user', async () => {
    const c = await cast();
    const socket = await open(c.client.token);
    const otherSession = await login(t, c.client.user.email, PASSWORD);

    for (const token of [otherSession.token, c.expert.token]) {
      const ack = await socket.timeout(4000).emitWithAck('auth:renew', { token });
      expect(ack).toEqual({ error: { code: 'SESSION_MISMATCH', message: expect.any(String) } });
    }
    // The refusal changed nothing: the socket still expires with its own token.
    const ended = disconnection(socket);
    advance(TTL_MS + RENEW_GRACE_MS);
    expect(await ended).toBe('io server disconnect');
  });

  it('refuses an expired token as a renewal', async () => {
    const c = await cast();
    const socket = await open(c.client.token);
    advance(TTL_MS + 1000);
    const ack = await socket.timeout(4000).emitWithAck('auth:renew', { token: c.client.token });
    expect(ack).toEqual({ error: { code: 'TOKEN_EXPIRED', message: expect.any(String) } });
  });
});

describe('ended sessions', () => {
  it('disconnects the sockets of a session at logout, and only those', async () => {
    const c = await cast();
    const other = await login(t, c.client.user.email, PASSWORD);
    const [ending, ending2, staying] = await openAll(c.client.token, c.client.token, other.token);
    await expectLogoutEnds(t, c.client, { told: ending, ending: [ending, ending2], staying });
    expect((await emitSend(staying, c.conversationId, 'Encore là')).error).toBeUndefined();
  });

  it('refuses a new socket with the access token of a session that ended', async () => {
    const c = await cast();
    await t.request('POST', '/api/auth/logout', { cookie: c.client.cookie });
    await expect(connect(t.baseUrl, c.client.token)).rejects.toMatchObject({
      data: { code: 'UNAUTHENTICATED' },
    });
  });

  it('disconnects every other session’s sockets at a password change, keeping the caller’s', async () => {
    const c = await cast();
    const other = await login(t, c.client.user.email, PASSWORD);
    const [kept, ending] = await openAll(c.client.token, other.token);
    const ended = disconnection(ending);
    const revoked = nextEvent(ending, 'auth:revoked');

    const res = await t.request('POST', '/api/me/password', {
      token: c.client.token,
      body: { currentPassword: PASSWORD, newPassword: 'Another-Horse-43' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(204);
    expect(await revoked).toEqual({ reason: 'password_changed' });
    expect(await ended).toBe('io server disconnect');
    await sleep(100);
    expect(kept.connected).toBe(true);
  });
});
