import { describe, expect, it } from 'vitest';
import { sleep } from '../../tests/support/waiting.ts';
import { messagingTestApp } from '../modules/messaging/messaging.factories.ts';
import { sentAnnouncement } from '../modules/notifications/announcements.factories.ts';

const { t, open, cast } = messagingTestApp();

/**
 * The app's time once what the set-up started is over: the events of its side effects (notifications made after
 * commit) have reached `token`'s rooms, none for 500 ms; then the clock moves past the allowance for instances'
 * clocks (the server counts a send up to a second before `since` as after it).
 */
async function afterSetUp(token: string): Promise<number> {
  const probe = await open(token);
  let last = Date.now();
  probe.onAny(() => {
    last = Date.now();
  });
  while (Date.now() - last < 500) await sleep(100);
  probe.close();
  // Its leaving is dealt with (the others are told it went away).
  await sleep(300);
  t.clock.advance(5000);
  return t.clock.now().getTime();
}

const postMessage = async (token: string, conversationId: string, body: string) => {
  const res = await t.request('POST', `/api/conversations/${conversationId}/messages`, {
    token,
    body: { clientKey: crypto.randomUUID(), body, attachmentIds: [] },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
};

const askMissed = (socket: Awaited<ReturnType<typeof open>>, input: unknown) =>
  socket.timeout(4000).emitWithAck('sync:missed', input as { since: number });

describe('what a socket missed before it connected (sync:missed)', () => {
  it('says nothing was missed when no event went to its rooms since its page read its data', async () => {
    const c = await cast();
    const since = await afterSetUp(c.client.token);
    const socket = await open(c.client.token);
    expect(await askMissed(socket, { since })).toEqual({ missed: false });
  });

  it('says something was missed when a message went to one of its conversations before it connected', async () => {
    const c = await cast();
    const since = await afterSetUp(c.client.token);
    await postMessage(c.expert.token, c.conversationId, 'Envoyé avant la connexion');
    const socket = await open(c.client.token);
    expect(await askMissed(socket, { since })).toEqual({ missed: true });
  });

  it('does not count an event sent to other people’s rooms', async () => {
    const [c, other] = await Promise.all([cast(), cast()]);
    const since = await afterSetUp(c.client.token);
    await postMessage(other.expert.token, other.conversationId, 'Une autre conversation');
    const socket = await open(c.client.token);
    expect(await askMissed(socket, { since })).toEqual({ missed: false });
  });

  it('does not count an event sent before its page read its data', async () => {
    const c = await cast();
    await postMessage(c.expert.token, c.conversationId, 'Lu avec la page');
    const since = await afterSetUp(c.client.token);
    const socket = await open(c.client.token);
    expect(await askMissed(socket, { since })).toEqual({ missed: false });
  });

  it('says something was missed when an announcement went out while it was not connected', async () => {
    const c = await cast();
    const since = await afterSetUp(c.client.token);
    await sentAnnouncement(t, c.admin, { segment: { roles: ['client'] }, channels: ['in_app'] });
    const socket = await open(c.client.token);
    expect(await askMissed(socket, { since })).toEqual({ missed: true });
  });

  it('says something was missed when the server does not remember that far back', async () => {
    const c = await cast();
    await afterSetUp(c.client.token);
    const socket = await open(c.client.token);
    expect(await askMissed(socket, { since: 0 })).toEqual({ missed: true });
  });

  it('refuses a time that is not a number of milliseconds', async () => {
    const c = await cast();
    const socket = await open(c.client.token);
    const answer = await askMissed(socket, { since: 'hier' });
    expect(answer).toMatchObject({ error: { code: 'VALIDATION_ERROR' } });
  });
});
