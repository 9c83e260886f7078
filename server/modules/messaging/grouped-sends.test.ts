/** Sends made at the same time commit together (one transaction, one WAL flush), each keeping its own outcome. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../../common/ids.ts';
import { expectOnePlan } from '../../../tests/support/plans.ts';
import { messagesRepo } from './messages.repo.ts';
import { messagingTestApp } from './messaging.factories.ts';

const { t, cast } = messagingTestApp();

const messages = () => t.app.services.messaging.messages;

/** Two connections open in the pool, so that neither opener waits for one while the other commits (see OPENERS). */
const bothLanesConnected = () => Promise.all([sql`SELECT 1`.execute(t.db), sql`SELECT 1`.execute(t.db)]);

/** Sends each text in the same tick, as the client's user, to the conversation. */
async function sendTogether(
  userId: string,
  conversationId: string,
  bodies: string[],
  key: () => string = randomUUID,
) {
  const sender = await messages().personOf(userId);
  await bothLanesConnected();
  return Promise.allSettled(
    bodies.map((body) =>
      messages().send(sender, conversationId, { clientKey: key(), body, attachmentIds: [] }),
    ),
  );
}

const transactionsOf = async (conversationId: string) => {
  const { rows } = await sql<{ transactions: number }>`
    SELECT count(DISTINCT xmin::text)::int AS transactions FROM messages
    WHERE conversation_id = ${conversationId}`.execute(t.db);
  return rows[0]!.transactions;
};

const stored = (results: PromiseSettledResult<{ message: { seq: number; body: string } }>[]) =>
  results.map((r) => (r.status === 'fulfilled' ? [r.value.message.seq, r.value.message.body] : r.status));

/**
 * The server's sends go two at a time (two lanes): the first two sends of a tick go alone and at once, and the sends
 * after them wait and commit together. The second opener takes the conversation's lock before the group only if its
 * connection is there: one still opening while the first commits (a loaded machine) let the group in first. The tests
 * open both lanes' connections first; the first test's seqs hold whichever comes first.
 */
const OPENERS = ['opener 1', 'opener 2'];

describe('sends made at the same time', () => {
  it('commit in one transaction once the first two are in flight, each with its seq in sending order', async () => {
    const c = await cast();
    const bodies = Array.from({ length: 8 }, (_, i) => `message ${i + 1}`);
    const results = await sendTogether(c.client.user.id, c.conversationId, [...OPENERS, ...bodies]);
    const [openers, group] = [stored(results.slice(0, 2)), stored(results.slice(2))];
    const first = group[0]![0] as number;
    expect(group).toEqual(bodies.map((body, i) => [first + i, body]));
    expect([...openers, ...group].map(([seq]) => Number(seq)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 10 }, (_, i) => i + 1),
    );
    expect(await transactionsOf(c.conversationId)).toBe(3);
  });

  it('store a key sent twice in one group once: the second send answers the first message as a duplicate', async () => {
    const c = await cast();
    const keys = ['k-1', 'k-2', 'k-twice', 'k-twice'];
    const results = await sendTogether(
      c.client.user.id,
      c.conversationId,
      [...OPENERS, 'b', 'b again'],
      () => keys.shift()!,
    );
    const [first, second] = results.slice(2).map((r) => (r.status === 'fulfilled' ? r.value : null));
    expect(first).toMatchObject({ duplicate: false, message: { seq: 3, body: 'b' } });
    expect(second).toMatchObject({ duplicate: true, message: { id: first!.message.id, seq: 3, body: 'b' } });
  });

  it('answer each send of a group spanning conversations with its own conversation’s seq, and refuse an outsider alone', async () => {
    const [one, two] = await Promise.all([cast(), cast()]);
    const client = await messages().personOf(one.client.user.id);
    const otherClient = await messages().personOf(two.client.user.id);
    const send = (sender: typeof client, conversationId: string, body: string) =>
      messages().send(sender, conversationId, { clientKey: randomUUID(), body, attachmentIds: [] });
    await bothLanesConnected();
    const results = await Promise.allSettled([
      send(client, one.conversationId, 'one-1, alone'),
      send(otherClient, two.conversationId, 'two-1, alone'),
      send(otherClient, two.conversationId, 'two-2'),
      send(client, one.conversationId, 'one-2'),
      send(client, two.conversationId, 'not my conversation'),
      send(otherClient, two.conversationId, 'two-3'),
      send(client, one.conversationId, 'one-3'),
    ]);
    expect(stored(results)).toEqual([
      [1, 'one-1, alone'],
      [1, 'two-1, alone'],
      [2, 'two-2'],
      [2, 'one-2'],
      'rejected',
      [3, 'two-3'],
      [3, 'one-3'],
    ]);
    expect(results[4]).toMatchObject({ status: 'rejected', reason: { status: 404 } });
  });

  it('fail a text the database cannot hold alone: the rest of its group is stored', async () => {
    const c = await cast();
    const results = await sendTogether(c.client.user.id, c.conversationId, [
      ...OPENERS,
      'before',
      'nul\u0000',
      'after',
    ]);
    expect(stored(results.slice(2))).toEqual([[3, 'before'], 'rejected', [4, 'after']]);
    expect(results[3]).toMatchObject({ status: 'rejected', reason: { code: '22021' } });
  });
});

describe('the send statement', () => {
  it('keeps one plan on a connection once it has run a few times, instead of being planned again at each send', async () => {
    const c = await cast();
    await expectOnePlan(t.db, 'messaging_send(', (conn, run) => {
      const at = new Date();
      return messagesRepo.sendMany(conn, [
        {
          id: uuidv7(at.getTime()),
          conversationId: c.conversationId,
          senderId: c.client.user.id,
          kind: 'text',
          body: `message ${run}`,
          clientKey: randomUUID(),
          hasAttachments: false,
          at,
        },
      ]);
    });
  });
});
