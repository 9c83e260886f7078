/** Unread counts, read receipts and catching up after a reconnection. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { eventually } from '../../../tests/support/waiting.ts';
import { collect, emitSend, messagingTestApp, nextEvent } from './messaging.factories.ts';

const { t, open, openAll, cast, conversation } = messagingTestApp();

/** A dossier conversation where the expert wrote 'Un', 'Deux', 'Trois' (seq 1 to 3), none read by the client yet. */
async function threeUnread() {
  const c = await cast();
  const [client, clientOtherTab, expert] = await openAll(c.client.token, c.client.token, c.expert.token);
  for (const body of ['Un', 'Deux', 'Trois']) await emitSend(expert, c.conversationId, body);
  return { c, client, clientOtherTab, expert };
}

describe('unread counts', () => {
  it('counts unread per conversation and in total, never the author’s own messages', async () => {
    const { c } = await threeUnread();
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
  });
});

describe('a read position', () => {
  it('moves in place when a send marks its sender’s (a HOT update: no new index entry)', async () => {
    const c = await cast();
    // The send's own function in a transaction of the test's. The backend's counts also hold what its earlier
    // transactions did and it has not reported yet: the send's are the difference.
    const { before, after } = await t.db.transaction().execute(async (trx) => {
      const countsNow = sql<{ updated: number; hot: number }>`
        SELECT pg_stat_get_xact_tuples_updated('conversation_participants'::regclass)::int AS updated,
          pg_stat_get_xact_tuples_hot_updated('conversation_participants'::regclass)::int AS hot`;
      const counts = async () => (await countsNow.execute(trx)).rows[0]!;
      const before = await counts();
      await sql`SELECT * FROM messaging_send(${randomUUID()}, ${c.conversationId}, ${c.client.user.id}, 'text',
        'Bonjour', ${randomUUID()}, false, now())`.execute(trx);
      return { before, after: await counts() };
    });
    expect({ updated: after.updated - before.updated, hot: after.hot - before.hot }).toEqual({
      updated: 1,
      hot: 1,
    });
  });
});

describe('message:read', () => {
  it('broadcasts a read receipt to the others and the new counts to the reader’s other tabs', async () => {
    const { c, client, clientOtherTab, expert } = await threeUnread();
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
  });
});

describe('POST /api/conversations/:id/read', () => {
  it('never moves the read pointer back, nor beyond the last message', async () => {
    const { c } = await threeUnread();
    const read = (seq: number) =>
      t.request('POST', `/api/conversations/${c.conversationId}/read`, {
        token: c.client.token,
        body: { seq },
      });
    expect((await read(2)).body.lastReadSeq).toBe(2);
    const back = await read(1);
    expect(back.body.lastReadSeq).toBe(2);
    const far = await read(1000);
    expect(far.body).toMatchObject({ lastReadSeq: 3, unread: 0, unreadTotal: 0 });
    const participants = await t.request('GET', `/api/conversations/${c.conversationId}`, {
      token: c.expert.token,
    });
    expect(
      participants.body.participants.find((p: { id: string }) => p.id === c.client.user.id).lastReadSeq,
    ).toBe(3);
  });
});

describe('GET /api/conversations/:id/messages', () => {
  it('gives a reconnecting client exactly the messages it missed', async () => {
    const { c, client, expert: beforeCut } = await conversation();
    await emitSend(client, c.conversationId, 'avant la coupure');
    const lastSeen = 1;
    beforeCut.close();
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, i) => emitSend(client, c.conversationId, `pendant la coupure ${i}`)),
    );
    expect(burst.every((a) => !a.error)).toBe(true);
    const expert = await open(c.expert.token);
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
  });

  it('pages the history backwards by sequence', async () => {
    const c = await cast();
    const client = await open(c.client.token);
    for (let i = 0; i < 32; i++) await emitSend(client, c.conversationId, `message ${i}`);
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
