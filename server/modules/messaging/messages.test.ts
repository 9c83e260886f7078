/** Sending messages: delivery to participants, idempotency, order. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { eventually, sleep } from '../../../tests/support/waiting.ts';
import { collect, emitSend, messagingTestApp, nextEvent } from './messaging.factories.ts';

const { t, openAll, cast, conversation } = messagingTestApp();

describe('sending', () => {
  it('delivers to every participant socket (all tabs) and to nobody else, after an ack with id, seq and time', async () => {
    const c = await cast();
    const [clientTab1, clientTab2, expert, outsider, otherExpert] = await openAll(
      c.client.token,
      c.client.token,
      c.expert.token,
      c.outsider.token,
      c.otherExpert.token,
    );
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
    const { c, client, expert } = await conversation();
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

  it("publishes each message with its conversation's dossier, and none for a direct conversation", async () => {
    const c = await cast();
    const published: { conversationId: string; dossierId: string | null }[] = [];
    const unsubscribe = t.app.services.events.subscribe('message.created', (e) => {
      published.push({ conversationId: e.conversationId, dossierId: e.dossierId });
    });
    const send = (conversationId: string, token: string) =>
      t.request('POST', `/api/conversations/${conversationId}/messages`, {
        token,
        body: { clientKey: randomUUID(), body: 'Bonjour' },
      });
    expect((await send(c.conversationId, c.client.token)).status).toBe(201);
    const direct = await t.request('POST', '/api/conversations', {
      token: c.client.token,
      body: { userId: c.otherExpert.user.id },
    });
    expect((await send(direct.body.id, c.client.token)).status).toBe(201);
    await eventually(() => expect(published).toHaveLength(2));
    expect(published).toEqual([
      { conversationId: c.conversationId, dossierId: c.dossierId },
      { conversationId: direct.body.id, dossierId: null },
    ]);
    unsubscribe();
  });

  it('gives concurrent senders one gap-free order that every reader sees', async () => {
    const c = await cast();
    const [client, expert, watcher] = await openAll(c.client.token, c.expert.token, c.client.token);
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
