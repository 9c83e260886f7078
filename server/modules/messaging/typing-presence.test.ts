/** Typing indicators and presence. */
import { describe, expect, it } from 'vitest';
import { eventually, sleep } from '../../../tests/support/waiting.ts';
import { collect, emitSend, messagingTestApp } from './messaging.factories.ts';

const { open, cast, conversation } = messagingTestApp();

describe('typing', () => {
  it('is relayed at most once per throttle interval, and ends when the message is sent', async () => {
    const { c, client: tab1, expert } = await conversation();
    // The rooms of a new socket are joined asynchronously: the acknowledged join makes sure the expert listens.
    await expert.emitWithAck('conversation:join', { conversationId: c.conversationId });
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
  });

  it('ends by itself', async () => {
    const { c, client, expert } = await conversation();
    // The rooms of a new socket are joined asynchronously: the acknowledged join makes sure the expert listens.
    await expert.emitWithAck('conversation:join', { conversationId: c.conversationId });
    const typing = collect(expert, 'typing');
    client.emit('typing', { conversationId: c.conversationId, isTyping: true });
    await eventually(() => expect(typing).toHaveLength(1));
    await eventually(() => expect(typing.at(-1)?.isTyping).toBe(false), 7000);
  }, 15_000);
});

describe('presence', () => {
  it('shows contacts only, online while any of their tabs is open', async () => {
    const c = await cast();
    const expert = await open(c.expert.token);
    const presence = collect(expert, 'presence');
    const tab1 = await open(c.client.token);
    await eventually(() =>
      expect(presence).toContainEqual({ userId: c.client.user.id, online: true, lastSeenAt: null }),
    );
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
});
