/** What a message may hold, and how fast a socket may send. */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { MESSAGE_MAX_CHARS } from '../../../common/messaging.ts';
import { type Cast, emitSend, messagingTestApp, PNG } from './messaging.factories.ts';

const { t, open, upload, cast } = messagingTestApp();

const tooLong = 'é'.repeat(MESSAGE_MAX_CHARS + 1);

describe('message content', () => {
  let c: Cast;
  let url: string;
  beforeAll(async () => {
    c = await cast();
    url = `/api/conversations/${c.conversationId}/messages`;
  });

  it('refuses oversized and malformed messages over REST with 400 and the error shape', async () => {
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
    const badId = await t.request('GET', '/api/conversations/not-a-uuid/messages', { token: c.client.token });
    expect(badId.status).toBe(400);
  });

  it('refuses oversized and malformed messages over the socket with VALIDATION_ERROR', async () => {
    const client = await open(c.client.token);
    const viaSocket = await emitSend(client, c.conversationId, tooLong);
    expect(viaSocket.error?.code).toBe('VALIDATION_ERROR');
    const garbage = await client.timeout(4000).emitWithAck('message:send', 'not an object' as never);
    expect((garbage as { error: { code: string } }).error.code).toBe('VALIDATION_ERROR');
  });

  it('accepts a message of exactly the maximum length', async () => {
    const client = await open(c.client.token);
    const exactMax = await emitSend(client, c.conversationId, 'a'.repeat(MESSAGE_MAX_CHARS));
    expect(exactMax.error).toBeUndefined();
  });

  it('refuses to attach someone else’s upload (422)', async () => {
    const theirs = await upload(c.expert.token, c.conversationId, PNG, 'a.png');
    const stolen = await t.request('POST', url, {
      token: c.client.token,
      body: { clientKey: randomUUID(), body: 'à moi', attachmentIds: [theirs.body.id] },
    });
    expect(stolen.status).toBe(422);
    expect(stolen.body.error.code).toBe('ATTACHMENT_UNAVAILABLE');
  });

  it('keeps markup as plain text', async () => {
    const client = await open(c.client.token);
    const markup = '<img src=x onerror=alert(1)><script>alert("x")</script> **gras**';
    const sent = await emitSend(client, c.conversationId, markup);
    const history = await t.request('GET', `${url}?afterSeq=${sent.seq - 1}`, { token: c.client.token });
    expect(history.headers.get('content-type')).toContain('application/json');
    expect(history.body.items[0].body).toBe(markup);
  });
});

describe('message:send', () => {
  it('refuses a socket that floods faster than its messages are stored', async () => {
    const c = await cast();
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
});
