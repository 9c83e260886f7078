import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { eventually } from '../../../tests/support/waiting.ts';
import { defaultSocketLimits } from '../../platform/socket-limits.ts';
import { type ClientSocket, collect, emitSend, messagingTestApp, nextEvent } from './messaging.factories.ts';

const { t, open, openAll, cast, conversation } = messagingTestApp();

/** A client of the test's database of its own (the app's pool is not involved). */
async function adminClient(): Promise<pg.Client> {
  const admin = new pg.Client({ connectionString: t.databaseUrl });
  await admin.connect();
  return admin;
}

describe('per-user socket limits', () => {
  it('refuses messages over the user’s rate with RATE_LIMITED, storing none of them', async () => {
    const c = await cast();
    const socket = await open(c.client.token);
    // Batches smaller than the per-socket send queue: only the per-user limit can refuse.
    const acks = [];
    for (let batch = 0; batch < 4; batch++) {
      acks.push(
        ...(await Promise.all(
          Array.from({ length: 40 }, (_, i) => emitSend(socket, c.conversationId, `rafale ${batch}.${i}`)),
        )),
      );
    }
    const stored = acks.filter((a) => !a.error);
    const refused = acks.filter((a) => a.error);
    expect(stored.length).toBeGreaterThanOrEqual(defaultSocketLimits.message.burst);
    expect(refused.length).toBeGreaterThan(0);
    for (const ack of refused) {
      expect(ack.error).toEqual({
        code: 'RATE_LIMITED',
        message: expect.any(String),
        details: { event: 'message:send', retryAfterMs: expect.any(Number) },
      });
    }
    const history = await t.request('GET', `/api/conversations/${c.conversationId}/messages?limit=200`, {
      token: c.client.token,
    });
    expect(history.body.items).toHaveLength(stored.length);
  });

  it('shares the limit between the sockets of one user, not with other users', async () => {
    const c = await cast();
    const [tab1, tab2, expert] = await openAll(c.client.token, c.client.token, c.expert.token);
    const burst = defaultSocketLimits.message.burst;
    // Half of them on each tab, all at once: each tab's queue stays well under its own limit.
    const acks = await Promise.all(
      Array.from({ length: burst + 10 }, (_, i) => emitSend(i % 2 ? tab1 : tab2, c.conversationId, `m ${i}`)),
    );
    const refused = acks.filter((a) => a.error);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((a) => a.error?.code === 'RATE_LIMITED')).toBe(true);
    const fromExpert = await emitSend(expert, c.conversationId, 'bonjour');
    expect(fromExpert.error).toBeUndefined();
  });

  it('answers typing over its limit with an error event instead of relaying it', async () => {
    const { c, client, expert } = await conversation();
    const relayed = collect(expert, 'typing');
    const errors = collect(client, 'error');
    const count = defaultSocketLimits.typing.burst + 10;
    for (let i = 0; i < count; i++) {
      client.emit('typing', { conversationId: c.conversationId, isTyping: i % 2 === 0 });
    }
    // All sent within milliseconds: hardly any token refilled meanwhile.
    await eventually(() => expect(errors.length).toBeGreaterThanOrEqual(5));
    expect(errors[0]).toEqual({
      event: 'typing',
      code: 'RATE_LIMITED',
      message: expect.any(String),
      retryAfterMs: expect.any(Number),
    });
    expect(relayed.length).toBeLessThanOrEqual(count - errors.length);
  });
});

describe('database failures under socket events', () => {
  it('answers a typing event that waited on a failed query with an error, and keeps serving', async () => {
    const c = await cast();
    const expert = await open(c.expert.token);
    // The socket's first query (its conversations) waits on a lock, then its connection is killed: a database
    // blip while a typing event waits for that query. Authentication reads other tables and still works.
    const admin = await adminClient();
    let client: ClientSocket;
    try {
      await admin.query('BEGIN');
      await admin.query('LOCK TABLE conversation_participants IN ACCESS EXCLUSIVE MODE');
      client = await open(c.client.token);
      const failed = nextEvent(client, 'error');
      client.emit('typing', { conversationId: c.conversationId, isTyping: true });
      await eventually(async () => {
        const killed = await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`,
        );
        expect(killed.rowCount).toBe(1);
      });
      expect(await failed).toEqual({
        event: 'typing',
        code: 'SERVICE_UNAVAILABLE',
        message: expect.any(String),
      });
    } finally {
      await admin.query('ROLLBACK');
      await admin.end();
    }
    // The database answers again: the same socket's next event finds its conversations and is relayed.
    const relayed = nextEvent(expert, 'typing', (e) => e.userId === c.client.user.id);
    client.emit('typing', { conversationId: c.conversationId, isTyping: true });
    expect((await relayed).isTyping).toBe(true);
    expect((await emitSend(client, c.conversationId, 'Revenu')).error).toBeUndefined();
  });
});
